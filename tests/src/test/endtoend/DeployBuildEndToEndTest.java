import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy --build-only as a user runs it: real JBang, the real AWS SDK logging in to ECR through
 * AWS_ENDPOINT_URL (GetAuthorizationToken on the loopback endpoint), and jib pushing to the
 * registry that the token's proxyEndpoint names, a real registry on loopback. With the codebuild
 * builder, the SDK's S3, CodeBuild, CloudWatch Logs and ECR calls over real HTTP against the
 * loopback endpoint's remote builder, whose builds move through their phases on the wall clock.
 */
class DeployBuildEndToEndTest {
    LoopbackAws aws;
    LoopbackRegistry registry;
    SampleApp sample;

    @BeforeEach
    void start() throws Exception {
        registry = LoopbackRegistry.start();
        aws = LoopbackAws.start("labs-jj", 0);
        aws.ecrProxyEndpoint = "http://" + registry.address;
        sample = SampleApp.create();
        RealJBang.jbangDir();
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
        registry.close();
        sample.delete();
    }

    private Map<String, String> awsEnvironment() {
        return aws.clientEnvironment(sample.root);
    }

    @Test
    void logsInToEcrWithTheSdkAndPushesWithoutDockerOrTheAwsCli() throws Exception {
        String base = SampleApp.pushBaseImage(registry);
        Map<String, String> environment = awsEnvironment();
        environment.putAll(Map.of("LABS_IMAGE_BASE", base, "LABS_IMAGE_CACHE", sample.cache.toString(),
                "LABS_PREFIX", "", "LABS_IMAGE_REGISTRY", ""));
        environment.putAll(sample.packageSources());
        RealJBang.Result result = RealJBang.run(environment, sample.app, "deploy@labs", "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        OciRegistry.Manifest manifest = registry.manifest(DeployImageTest.REPOSITORY, sha);
        assertEquals(registry.address + "/" + DeployImageTest.REPOSITORY + "@" + manifest.digest() + "\n", result.out());
        assertEquals(1, aws.calls().get("ecr:GetAuthorizationToken"), aws.calls()::toString);
        assertTrue(registry.tags(DeployImageTest.REPOSITORY).contains("latest"));
        assertFalse(result.err().contains(LoopbackAws.ECR_PASSWORD), "the registry password never shows: " + result);
    }

    /** The codebuild builder through real JBang, with no Docker daemon to pick instead. */
    private RealJBang.Result codeBuild(String... args) throws Exception {
        return startCodeBuild(args).finish();
    }

    private RealJBang.Running startCodeBuild(String... args) throws Exception {
        Map<String, String> environment = awsEnvironment();
        environment.putAll(Map.of("LABS_PREFIX", "", "LABS_IMAGE_REGISTRY", "", "LABS_IMAGE_BUILDER", "",
                "LABS_IMAGE_DOCKER", sample.root.resolve("no-such-docker").toString()));
        List<String> command = new ArrayList<>(List.of("deploy@labs", "--build-only", "--builder", "codebuild"));
        command.addAll(List.of(args));
        return RealJBang.start(environment, sample.app, command.toArray(String[]::new));
    }

    private void dockerfile(String text) throws Exception {
        sample.write("Dockerfile", text);
        sample.commit("a Dockerfile");
    }

    private static void assertNoSecretIn(RealJBang.Result result) {
        assertFalse(result.out().contains(LoopbackAws.SECRET_ACCESS_KEY) || result.err().contains(LoopbackAws.SECRET_ACCESS_KEY), "no credentials in the output: " + result);
        assertFalse(result.err().contains(LoopbackAws.ECR_PASSWORD), result::toString);
    }

    @Test
    void codeBuildUploadsTheContextStreamsTheLogAndPrintsThePushedDigest() throws Exception {
        aws.codeBuild.phaseTime = Duration.ofMillis(400);
        dockerfile("FROM python:3.11-slim-bookworm\nARG APP_RELEASE=dev\nRUN pip install gunicorn\nCOPY . /app\n");
        RealJBang.Result result = codeBuild();

        assertEquals(0, result.exitCode(), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        String digest = aws.ecr.digestOf(sha);
        assertEquals(aws.ecr.repositoryUri() + "@" + digest + "\n", result.out(), result::toString);
        assertEquals(digest, aws.ecr.digestOf("latest"));
        String bucket = "labs-jj-build-sources-" + LoopbackAws.ACCOUNT + "-" + LoopbackAws.REGION;
        String key = aws.s3.keys(bucket).iterator().next();
        assertTrue(key.matches("sources/[0-9a-f]{64}\\.zip"), key);
        assertEquals(List.of(".dockerignore", "Dockerfile"), zipEntries(aws.s3.object(bucket, key).orElseThrow()).stream()
                .filter(name -> name.startsWith(".d") || name.startsWith("D") || name.startsWith(".git")).sorted().toList());
        Output.assertContains(result.err(), "Builder: codebuild (labs.image.builder=codebuild (the command-line option))", "  uploaded to s3://" + bucket + "/" + key,
                "Started CodeBuild build labs-jj-build:", ": phase SUBMITTED",
                "  | [Container] ", " Running command docker buildx build --file \"$LABS_DOCKERFILE\"",
                "  | #3 [2/3] RUN pip install gunicorn", "  | #5 pushing manifest for " + aws.ecr.repositoryUri() + ":" + sha + "@" + digest,
                ": phase COMPLETED", "Pushed " + aws.ecr.repositoryUri() + ":" + sha + ", :latest  digest " + digest,
                "CodeBuild: 1 build minute (BUILD_GENERAL1_SMALL), $0.005 at list price; the first 100 a month are free");
        Map<String, Integer> calls = aws.calls();
        assertEquals(1, calls.get("s3:HeadObject"), calls::toString);
        assertEquals(1, calls.get("s3:PutObject"), calls::toString);
        assertEquals(1, calls.get("codebuild:StartBuild"), calls::toString);
        assertTrue(calls.get("logs:GetLogEvents") >= 2, calls::toString);
        assertEquals(1, calls.get("ecr:DescribeImages"), calls::toString);
        assertNoSecretIn(result);
    }

    @Test
    void aFailedCodeBuildBuildExitsOneWithItsPhaseLogTailAndConsoleLink() throws Exception {
        aws.codeBuild.phaseTime = Duration.ofMillis(300);
        dockerfile("FROM python:3.11-slim-bookworm\nRUN false\nCOPY . /app\n");
        RealJBang.Result result = codeBuild();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        String id = aws.codeBuild.buildIds().get(0);
        String stream = id.substring(id.indexOf(':') + 1);
        Output.assertContains(result.err(), "Last ", " lines of the build log:",
                "  | #3 ERROR: process \"/bin/sh -c false\" did not complete successfully: exit code: 1",
                "CodeBuild build " + id + " ended FAILED: phase BUILD FAILED (COMMAND_EXECUTION_ERROR: Error while executing command:",
                "its log: https://console.aws.amazon.com/cloudwatch/home?region=" + LoopbackAws.REGION
                        + "#logEvent:group=/codebuild/labs-jj-build;stream=" + stream);
        assertFalse(result.err().contains("Docker Hub refused"), "no 429 in this log: " + result);
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result);
        assertEquals(null, aws.calls().get("ecr:DescribeImages"), "a failed build has no image to read back");
        assertNoSecretIn(result);
    }

    /** SIGINT, as Ctrl-C sends it, once the build is being watched: StopBuild, then exit 130. */
    @Test
    void ctrlCStopsTheCodeBuildBuildAndExits130() throws Exception {
        aws.codeBuild.phaseTime = Duration.ofSeconds(4);
        dockerfile("FROM python:3.11-slim-bookworm\nCOPY . /app\n");
        RealJBang.Running running = startCodeBuild();
        long deadline = System.currentTimeMillis() + 240_000;
        while (aws.calls().getOrDefault("codebuild:BatchGetBuilds", 0) == 0 && running.process().isAlive()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(running.process().pid())).start().waitFor());
        RealJBang.Result result = running.finish();

        assertEquals(130, result.exitCode(), result::toString);
        assertEquals(1, aws.calls().get("codebuild:StopBuild"), aws.calls()::toString);
        String id = aws.codeBuild.buildIds().get(0);
        assertEquals("STOPPED", aws.codeBuild.build(id).get("buildStatus"));
        Output.assertContains(result.err(), "Stopping CodeBuild build " + id + " (Ctrl-C)...",
                "Stopped CodeBuild build " + id + " (Ctrl-C; it ended STOPPED): nothing rolled out");
        assertEquals("", result.out());
    }

    @Test
    void aTarballWithTheCodeBuildBuilderIsAUsageErrorBeforeAnyAwsCall() throws Exception {
        dockerfile("FROM python:3.11-slim-bookworm\n");
        RealJBang.Result result = codeBuild("--to", "tar:app.tar");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        List<String> errors = result.err().lines().filter(line -> !line.startsWith("[jbang]")).toList();
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("--to tar:PATH needs a local build"), result::toString);
        assertEquals(Map.of(), aws.calls());
    }

    private static List<String> zipEntries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) names.add(entry.getName());
        }
        return names;
    }
}
