import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.StartBuildRequest;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * deploy with the codebuild builder against fakes: an app with a Dockerfile on a machine where no
 * Docker daemon answers is built on CodeBuild, and the pushed digest rolls out.
 */
class CodeBuildDeployTest {
    static final String BUCKET = "labs-jj-build-sources-" + FakeEcs.ACCOUNT + "-" + FakeEcs.REGION;
    static final String LOG_GROUP = "/codebuild/labs-jj-build";

    private final DefaultStack stack = DefaultStack.running();
    /** deploy's smoke check reaches this loopback server, never a public address. */
    private final WebStub web = stack.serveWeb();
    private final FakeCodeBuild codeBuild = new FakeCodeBuild();
    private final FakeS3 s3 = new FakeS3().bucket(BUCKET);
    private SampleApp sample;

    @BeforeEach
    void createApp() throws Exception {
        sample = SampleApp.create();
        sample.write("Dockerfile", "FROM python:3.11-slim-bookworm\nARG APP_RELEASE=dev\nCOPY . /app\n");
        sample.commit("a Dockerfile");
        codeBuild.clock = stack.ticker::now;
        codeBuild.logs = stack.logs.group(LOG_GROUP);
        codeBuild.s3 = s3;
        codeBuild.ecr = stack.ecr;
        codeBuild.project("labs-jj-build", LOG_GROUP, EnvironmentType.LINUX_CONTAINER);
        stack.ticker.onSleep(codeBuild::step);
    }

    @AfterEach
    void deleteApp() {
        web.close();
        sample.delete();
    }

    private Cli cli() {
        return stack.cli().with(CodeBuildClient.class, codeBuild).with(S3Client.class, s3).in(sample.app)
                .env("LABS_IMAGE_DOCKER", sample.app.resolve("no-such-docker").toString());
    }

    private static Map<String, String> variables(StartBuildRequest request) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (EnvironmentVariable variable : request.environmentVariablesOverride()) variables.put(variable.name(), variable.value());
        return variables;
    }

    @Test
    void buildsOnCodeBuildWithoutADaemonAndRollsOutThePushedDigest() throws Exception {
        Cli.Result result = cli().run(new Deploy());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(stack.webUrl() + "\n", result.out());
        assertTrue(result.err().contains("Builder: codebuild (auto: Dockerfile found, no Docker daemon answers)"), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        StartBuildRequest request = codeBuild.started.get(0);
        assertEquals("labs-jj-build", request.projectName());
        String key = s3.buckets.get(BUCKET).keySet().iterator().next();
        assertTrue(key.matches("sources/[0-9a-f]{64}\\.zip"), key);
        assertEquals(BUCKET + "/" + key, request.sourceLocationOverride());
        Map<String, String> variables = variables(request);
        assertEquals(sha + " latest", variables.get("LABS_TAGS"));
        assertEquals(sample.git("rev-parse", "HEAD"), variables.get("LABS_RELEASE"));
        assertEquals(FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY, variables.get("LABS_REPOSITORY"));
        assertEquals(FakeEcr.REGISTRY, variables.get("LABS_REGISTRY"));
        assertEquals("linux/amd64", variables.get("LABS_PLATFORM"));
        assertEquals(15, request.timeoutInMinutesOverride());

        String digest = stack.ecr.digests.get(DefaultStack.REPOSITORY + ":" + sha);
        String image = FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY + "@" + digest;
        assertEquals(List.of(image, image), stack.ecs.registered.stream().map(r -> r.containerDefinitions().get(0).image()).toList());
        assertTrue(result.err().contains(": phase BUILD"), result::toString);
        assertTrue(result.err().contains("  | #12 pushing layers done"), result::toString);
        assertTrue(result.err().contains("  uploaded to s3://" + BUCKET + "/" + key), result::toString);
        assertTrue(result.err().contains("CodeBuild: 4 build minutes (BUILD_GENERAL1_SMALL), $0.020 at list price; the first 100 a month are free"),
                result::toString);
    }

    /** jbang-action's container has no git: the commit is the one GitHub Actions names. */
    @Test
    void withoutGitTheImageIsTaggedWithTheCommitGithubActionsNames() throws Exception {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        Path noGit = Files.createDirectories(sample.app.resolve("empty-bin"));
        Cli.Result result = cli().env("PATH", noGit.toString()).env("GITHUB_SHA", sha).env("GITHUB_REPOSITORY", "acme/app")
                .run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> variables = variables(codeBuild.started.get(0));
        assertEquals("0123456 latest", variables.get("LABS_TAGS"));
        assertEquals(sha, variables.get("LABS_RELEASE"));
        assertFalse(result.err().contains("uncommitted"), result::toString);
    }

    @Test
    void withoutGitOrGithubShaDeployStopsInOneLineThatSaysWhatToDo() throws Exception {
        Path noGit = Files.createDirectories(sample.app.resolve("empty-bin"));
        Cli.Result result = cli().env("PATH", noGit.toString()).run(new Deploy(), "--build-only");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("git is not installed and GITHUB_SHA names no commit: labs tags the image with the commit"
                + " and labels it with its revision; install git, or set GITHUB_SHA to the checkout's full commit");
        assertTrue(codeBuild.started.isEmpty(), codeBuild.started::toString);
    }

    @Test
    void theSameTreeIsUploadedOnce() {
        assertEquals(0, cli().run(new Deploy(), "--build-only").exitCode());
        Cli.Result again = cli().run(new Deploy(), "--build-only");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(1, s3.calls.stream().filter(c -> c.startsWith("PutObject")).count(), s3.calls::toString);
        assertTrue(again.err().contains("  already uploaded: s3://" + BUCKET + "/sources/"), again::toString);
        assertEquals(2, codeBuild.started.size());
        assertTrue(again.out().strip().startsWith(FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY + "@sha256:"), again::toString);
        assertTrue(stack.ecs.registered.isEmpty());
    }

    @Test
    void aFailedBuildExitsOneWithTheFailedPhaseTheLogTailTheLinkAndTheDockerHubHint() {
        codeBuild.failIn = BuildPhaseType.BUILD;
        codeBuild.buildOutput = List.of("#3 [stage-2 1/9] FROM docker.io/library/python:3.11-slim-bookworm",
                "ERROR: failed to solve: python:3.11-slim-bookworm: failed to resolve source metadata for docker.io/library/python:3.11-slim-bookworm:"
                        + " unexpected status from HEAD request: 429 Too Many Requests - Server message: toomanyrequests:"
                        + " You have reached your unauthenticated pull rate limit.");
        Cli.Result result = cli().run(new Deploy());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Last "), result::toString);
        assertTrue(result.err().contains("phase BUILD FAILED (COMMAND_EXECUTION_ERROR: Error while executing command"), result::toString);
        assertTrue(result.err().contains("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=" + LOG_GROUP),
                result::toString);
        assertEquals(1, result.err().lines().filter(l -> l.contains("Docker Hub refused an anonymous pull")).count(), result::toString);
        assertTrue(result.err().contains("labs.image.dockerhub-secret"), result::toString);
        assertTrue(stack.ecs.registered.isEmpty(), "nothing rolls out");
        assertEquals("", result.out());
    }

    @Test
    void theLogTailIsTheLastFortyLines() {
        codeBuild.failIn = BuildPhaseType.BUILD;
        codeBuild.buildOutput = java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).toList();
        Cli.Result result = cli().run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        String tail = result.err().substring(result.err().indexOf("Last 40 lines of the build log:"));
        assertTrue(tail.contains("  | line 21\n"), tail);
        assertFalse(tail.contains("  | line 20\n"), tail);
        assertFalse(result.err().contains("Docker Hub"), result::toString);
    }

    @Test
    void ctrlCStopsTheBuildAndExits130() {
        codeBuild.hangInBuild = true;
        stack.ticker.interruptAtSleep(10);
        Cli.Result result = cli().run(new Deploy());

        assertEquals(130, result.exitCode(), result::toString);
        assertTrue(codeBuild.calls.contains("StopBuild"), codeBuild.calls::toString);
        assertEquals(StatusType.STOPPED, codeBuild.builds.values().iterator().next().buildStatus());
        assertTrue(result.err().contains("Stopped CodeBuild build labs-jj-build:"), result::toString);
        assertTrue(stack.ecs.registered.isEmpty());
    }

    @Test
    void theTimeoutStopsTheBuildAndFails() {
        codeBuild.hangInBuild = true;
        Cli.Result result = cli().run(new Deploy(), "--timeout", "2m");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(codeBuild.calls.contains("StopBuild"));
        assertTrue(result.err().contains("Gave up on CodeBuild build labs-jj-build:"), result::toString);
        assertEquals(5, codeBuild.started.get(0).timeoutInMinutesOverride(), "CodeBuild's minimum");
    }

    @Test
    void withoutTheProjectTheUserIsSentToProvision() {
        codeBuild.projects.clear();
        Cli.Result result = cli().run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("CodeBuild project 'labs-jj-build' not found"), result::toString);
        assertTrue(result.err().contains("run provision"), result::toString);
        assertTrue(s3.calls.isEmpty());
    }

    @Test
    void aTarballWithCodeBuildIsAUsageErrorBeforeAnyAwsCall() {
        Cli.Result result = cli().run(new Deploy(), "--builder", "codebuild", "--to", "tar:app.tar");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--to tar:PATH needs a local build"), result::toString);
        assertTrue(codeBuild.calls.isEmpty());
    }

    @Test
    void theDockerBuilderWithoutADaemonFails() {
        Cli.Result result = cli().run(new Deploy(), "--builder", "docker", "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("No Docker daemon answers"), result::toString);
    }

    @Test
    void dockerAndCodeBuildNeedTheDockerfile() throws Exception {
        Cli.Result result = cli().env("LABS_IMAGE_DOCKERFILE", "docker/Dockerfile.prod").run(new Deploy(), "--builder", "codebuild");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("there is no docker/Dockerfile.prod in the app folder"), result::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBuildspecIsValidYamlThatBuildsWithARegistryCacheInEcr() {
        Map<String, Object> spec = new Yaml().load(Buildspec.text());
        assertEquals(0.2, spec.get("version"));
        Map<String, Map<String, List<String>>> phases = (Map<String, Map<String, List<String>>>) spec.get("phases");
        String preBuild = String.join("\n", phases.get("pre_build").get("commands"));
        assertTrue(preBuild.contains("docker login --username AWS --password-stdin \"$LABS_REGISTRY\""), preBuild);
        assertTrue(preBuild.contains("docker buildx create --name labs --driver docker-container --use"), preBuild);
        String build = String.join("\n", phases.get("build").get("commands"));
        assertTrue(build.contains("--cache-to type=registry,ref=\"$LABS_REPOSITORY:buildcache\",mode=max,image-manifest=true,oci-mediatypes=true"),
                build);
        assertTrue(build.contains("--cache-from type=registry,ref=\"$LABS_REPOSITORY:buildcache\""), build);
        assertTrue(build.contains("--build-arg APP_RELEASE=\"$LABS_RELEASE\""), build);
        assertTrue(build.contains("--push ."), build);
    }

    @Test
    void dockerHubCredentialsComeFromTheSecretThroughCodeBuildNeverThroughLabs() {
        Cli.Result result = cli().env("LABS_IMAGE_DOCKERHUB_SECRET", "labs-jj-dockerhub").run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        List<EnvironmentVariable> secrets = codeBuild.started.get(0).environmentVariablesOverride().stream()
                .filter(v -> v.typeAsString().equals("SECRETS_MANAGER")).toList();
        assertEquals(List.of("LABS_DOCKERHUB_USERNAME=labs-jj-dockerhub:username", "LABS_DOCKERHUB_TOKEN=labs-jj-dockerhub:token"),
                secrets.stream().map(v -> v.name() + "=" + v.value()).toList());
    }
}
