import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy with the docker builder, the local daemon played by a fake docker CLI (FakeDocker.builderCli). */
class DockerDeployTest {
    static final String PASSWORD = FakeEcr.PASSWORD;
    private final DefaultStack stack = DefaultStack.running();
    /** deploy's smoke check reaches this loopback server, never a public address. */
    private final WebStub web = stack.serveWeb();
    private SampleApp sample;
    private Path dockerFolder;

    @BeforeEach
    void createApp() throws Exception {
        sample = SampleApp.create();
        sample.write("Dockerfile", "FROM python:3.11-slim-bookworm\nRUN apt-get update && apt-get install -y gdal-bin\nCOPY . /app\n");
        sample.commit("a Dockerfile");
        dockerFolder = Files.createTempDirectory("labs-fake-docker");
        FakeDocker.builderCli(dockerFolder);
        // what the fake daemon pushes is in ECR, where deploy reads its platform
        stack.ecr.pushed(DefaultStack.REPOSITORY, "pushed-by-docker", FakeDocker.PUSHED_DIGEST);
    }

    @AfterEach
    void deleteApp() {
        web.close();
        sample.delete();
        PythonLayer.deleteRecursively(dockerFolder);
    }

    private Cli cli() {
        return stack.cli().in(sample.app).env("LABS_IMAGE_DOCKER", dockerFolder.resolve("docker").toString());
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(dockerFolder.resolve("docker-calls.txt"));
    }

    @Test
    void autoPicksTheDaemonAndBuildsWithARegistryCacheInEcrThenRollsOut() throws Exception {
        Cli.Result result = cli().run(new Deploy());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Builder: docker (auto: Dockerfile found and a Docker daemon answers)"), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        String repository = FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY;
        List<String> calls = calls();
        assertEquals("login --username AWS --password-stdin " + FakeEcr.REGISTRY, calls.get(1));
        assertEquals(PASSWORD, Files.readString(dockerFolder.resolve("docker-login-stdin.txt")));
        assertTrue(calls.contains("buildx create --name labs --driver docker-container"), calls::toString);
        String build = calls.stream().filter(c -> c.startsWith("buildx build")).findFirst().orElseThrow();
        assertTrue(build.startsWith("buildx build --builder labs --file " + sample.app.resolve("Dockerfile")), build);
        assertTrue(build.contains("--build-arg APP_RELEASE=" + sample.git("rev-parse", "HEAD")), build);
        assertTrue(build.contains("--cache-to type=registry,ref=" + repository + ":buildcache,mode=max,image-manifest=true,oci-mediatypes=true"),
                build);
        assertTrue(build.contains("--tag " + repository + ":" + sha + " --tag " + repository + ":latest --push " + sample.app), build);
        assertFalse(String.join("\n", calls).contains(PASSWORD));
        assertFalse(result.err().contains(PASSWORD));
        String image = repository + "@" + FakeDocker.PUSHED_DIGEST;
        assertEquals(List.of(image, image), stack.ecs.registered.stream().map(r -> r.containerDefinitions().get(0).image()).toList());
        assertTrue(result.err().contains("  | #12 exporting to image"), result::toString);
    }

    @Test
    void theBuilderIsCreatedOnceAndReused() throws Exception {
        assertEquals(0, cli().run(new Deploy(), "--build-only").exitCode());
        assertEquals(0, cli().run(new Deploy(), "--build-only").exitCode());
        assertEquals(1, calls().stream().filter(c -> c.startsWith("buildx create")).count());
    }

    @Test
    void withoutBuildxItBuildsAndPushesEachTagWithoutACache() throws Exception {
        Files.writeString(dockerFolder.resolve("no-buildx"), "");
        Cli.Result result = cli().run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("docker buildx is not installed"), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        String repository = FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY;
        List<String> calls = calls();
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("build --file ") && !c.contains("cache")), calls::toString);
        assertTrue(calls.containsAll(List.of("push " + repository + ":" + sha, "push " + repository + ":latest")), calls::toString);
        assertEquals(repository + "@" + FakeDocker.PUSHED_DIGEST, result.out().strip());
    }

    @Test
    void aTarballNeedsNoAwsAndNoLogin() throws Exception {
        Cli.Result result = cli().run(new Deploy(), "--to", "tar:app.tar");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.exists(sample.app.resolve("app.tar")));
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("login")));
        String build = calls().stream().filter(c -> c.startsWith("buildx build")).findFirst().orElseThrow();
        assertTrue(build.contains("--output type=docker,dest=" + sample.app.resolve("app.tar")), build);
        assertFalse(build.contains("--builder labs"), "the default builder loads and saves; the cache needs ECR");
    }

    @Test
    void aFailedBuildExitsOneWithItsLastLines() throws Exception {
        Files.writeString(dockerFolder.resolve("build-fails"), "#9 ERROR: process \"/bin/sh -c apt-get update\" did not complete successfully: exit code: 100\n");
        Cli.Result result = cli().run(new Deploy());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Last 3 lines of docker buildx build:"), result::toString);
        assertTrue(result.err().contains("error: docker buildx build failed with exit code 1"), result::toString);
        assertTrue(stack.ecs.registered.isEmpty());
    }
}
