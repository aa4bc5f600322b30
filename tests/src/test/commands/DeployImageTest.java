import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy --build-only against a real OCI registry on loopback: the pushed image is read back
 * (manifest, config, layer tarballs) and checked the way a user of the image would notice.
 */
class DeployImageTest {
    static final String REPOSITORY = "labs-jj-commcare-connect";
    static LoopbackRegistry registry;
    static String baseImage;
    SampleApp sample;

    record FileInLayer(int mode, String content) {
    }

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LoopbackRegistry.start();
        baseImage = SampleApp.pushBaseImage(registry);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) registry.close();
    }

    @BeforeEach
    void createApp() throws Exception {
        sample = SampleApp.create();
    }

    @AfterEach
    void deleteApp() {
        sample.delete();
    }

    @Test
    void pushesALayeredImageWithTheAppsConfigurationAndLabels() throws Exception {
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sha);
        assertEquals(registry.address + "/" + REPOSITORY + "@" + manifest.digest(), result.out().strip());
        assertTrue(registry.tags(REPOSITORY).containsAll(List.of("latest", sha)), "the registry is the class's: other tests push too");
        assertEquals(manifest.digest(), registry.manifest(REPOSITORY, "latest").digest());

        assertEquals(4, manifest.layers().size(), "base + dependencies + entry scripts + source: " + manifest.json());
        Map<String, FileInLayer> dependencies = files(manifest, 1);
        Map<String, FileInLayer> entryScripts = files(manifest, 2);
        Map<String, FileInLayer> source = files(manifest, 3);

        String sitePackages = "usr/local/lib/python3.11/site-packages/";
        assertTrue(dependencies.containsKey(sitePackages + "greet/cli.py"), dependencies.keySet()::toString);
        assertTrue(dependencies.containsKey(sitePackages + "tinylib/__init__.py"), "a dependency of a dependency");
        assertTrue(dependencies.containsKey(sitePackages + "fastthing/_speed.cpython-311-x86_64-linux-gnu.so"),
                "a manylinux2014 wheel is accepted for glibc 2.36");
        FileInLayer greet = dependencies.get("usr/local/bin/greet");
        assertEquals(0755, greet.mode());
        assertEquals("#!/usr/local/bin/python", greet.content().lines().findFirst().orElseThrow());
        assertTrue(greet.content().contains("from greet.cli import main"), greet.content());

        assertEquals(Map.of("entrypoint", 0755, "start", 0755, "start_celery", 0755),
                modes(entryScripts));
        assertTrue(entryScripts.get("start").content().contains("gunicorn"));

        assertEquals(List.of("app/.dockerignore", "app/config/__init__.py", "app/config/settings/__init__.py",
                "app/config/settings/production.py", "app/config/wsgi.py", "app/docker/entrypoint", "app/docker/start",
                "app/docker/start_celery", "app/docs/keep.md", "app/manage.py", "app/requirements.txt",
                "app/sample/views.py"), List.copyOf(source.keySet()));
        assertEquals(0755, source.get("app/manage.py").mode(), "the executable bit survives, as with COPY");
        assertEquals(0644, source.get("app/sample/views.py").mode());

        JsonNode config = registry.config(REPOSITORY, manifest).path("config");
        assertEquals("[\"/entrypoint\"]", config.path("Entrypoint").toString());
        assertEquals("[\"/start\"]", config.path("Cmd").toString());
        assertEquals("/app", config.path("WorkingDir").asText());
        assertEquals("1000:1000", config.path("User").asText());
        assertTrue(config.path("ExposedPorts").has("8000/tcp"), config::toString);
        List<String> environment = new ArrayList<>();
        config.path("Env").forEach(e -> environment.add(e.asText()));
        assertTrue(environment.containsAll(List.of("PYTHONUNBUFFERED=1", "DEBUG=0",
                "DJANGO_SETTINGS_MODULE=config.settings.staging", "LANG=C.UTF-8")), environment::toString);
        JsonNode labels = config.path("Labels");
        assertEquals(sample.git("rev-parse", "HEAD"), labels.path("org.opencontainers.image.revision").asText());
        assertEquals("https://github.com/example/sample-app", labels.path("org.opencontainers.image.source").asText());
        assertEquals(sample.commitTime().toString(), labels.path("org.opencontainers.image.created").asText());
        assertEquals(sample.commitTime().toString(), registry.config(REPOSITORY, manifest).path("created").asText()
                .replace(".000Z", "Z"), "created is the commit's time, not the build's");

        assertTrue(result.err().contains("python dependencies"), result::toString);
        assertTrue(result.err().contains("3 wheels installed (0 from the cache"), "the labs installer's figures show: " + result);
        assertTrue(result.err().contains("digest " + manifest.digest()), result::toString);
    }

    @Test
    void aOneFileChangeUploadsOnlyTheApplicationSourceLayer() throws Exception {
        Cli cli = sample.cli(registry, baseImage);
        Cli.Result first = cli.run(new Deploy(), "--build-only", "--json");
        assertEquals(0, first.exitCode(), first::toString);
        OciRegistry.Manifest before = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));

        sample.write("sample/views.py", "def index(request):\n    return 'hello again'\n");
        sample.commit("change one view");
        Cli.Result second = cli.run(new Deploy(), "--build-only", "--json");
        assertEquals(0, second.exitCode(), second::toString);
        OciRegistry.Manifest after = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));

        assertEquals(before.layers().subList(0, 3), after.layers().subList(0, 3));
        assertNotEquals(before.layers().get(3), after.layers().get(3));
        List<String> uploadedLines = second.err().lines().filter(l -> l.endsWith("  uploaded")).toList();
        assertEquals(1, uploadedLines.size(), second::toString);
        assertTrue(uploadedLines.get(0).strip().startsWith("application source"), second::toString);
        long expected = after.layers().get(3).bytes() + after.config().bytes() + 2 * after.bytes();
        JsonNode json = OciRegistry.parse(second.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, json.path("uploadedBytes").asLong(), "the source layer, the config and the manifest for two tags");
        List<String> uploadedLayers = new ArrayList<>();
        json.path("layers").forEach(l -> { if (l.path("uploaded").asBoolean()) uploadedLayers.add(l.path("name").asText()); });
        assertEquals(List.of("application source"), uploadedLayers, json::toString);
    }

    @Test
    void theSameCommitGivesTheSameDigestEvenFromAnEmptyCache() throws Exception {
        Cli.Result first = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, first.exitCode(), first::toString);
        PythonLayer.deleteRecursively(sample.cache);
        Cli.Result second = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals(first.out(), second.out());
        assertTrue(second.err().contains("Installing Python dependencies"), "the cache was empty: " + second);
    }

    @Test
    void buildOutputIsItsOwnLayerAndLeftOutOfTheSourceLayer() throws Exception {
        Cli.Result result = sample.cli(registry, baseImage)
                .env("LABS_IMAGE_BUILD_COMMAND", "mkdir -p static/bundles && echo \"bundle of $LABS_SITE_PACKAGES\" > static/bundles/app.js")
                .env("LABS_IMAGE_BUILD_OUTPUT", "static/bundles")
                .run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertEquals(5, manifest.layers().size(), manifest.json()::toString);
        Map<String, FileInLayer> output = files(manifest, 3);
        assertEquals(List.of("app/static/bundles/app.js"), List.copyOf(output.keySet()));
        assertTrue(output.get("app/static/bundles/app.js").content().startsWith("bundle of " + sample.cache), "the command sees the installed dependencies");
        assertFalse(files(manifest, 4).keySet().stream().anyMatch(p -> p.startsWith("app/static/")));
        assertTrue(result.err().contains("build output"), result::toString);
    }

    @Test
    void withPipAUvLockIsExportedWithTheConfiguredGroupsAndInstalledLikeRequirements() throws Exception {
        Files.delete(sample.app.resolve("requirements.txt"));
        sample.write("pyproject.toml", "[project]\nname = \"sample\"\nversion = \"1\"\ndependencies = [\"greet\"]\n");
        sample.write("uv.lock", "version = 1\n");
        sample.commit("move to uv");
        Path bin = Files.createDirectories(sample.root.resolve("bin"));
        Path arguments = sample.root.resolve("uv-arguments.txt");
        Path uv = Files.writeString(bin.resolve("uv"), String.join("\n", "#!/bin/sh",
                "echo \"$@\" > '" + arguments + "'",
                "while [ $# -gt 0 ]; do if [ \"$1\" = --output-file ]; then echo 'greet==1.0' > \"$2\"; fi; shift; done", ""));
        Files.setPosixFilePermissions(uv, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Result result = pip(sample.cli(registry, baseImage)).env("PATH", bin + ":" + System.getenv("PATH"))
                .env("LABS_IMAGE_UV_GROUPS", "production,ops").run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String uvArguments = Files.readString(arguments);
        for (String expected : List.of("export", "--frozen", "--no-dev", "--group production", "--group ops", "--format requirements-txt")) {
            Output.assertContains(uvArguments, expected);
        }
        assertFalse(uvArguments.contains("--no-hashes"), "the export keeps the lock's hashes: " + uvArguments);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertTrue(files(manifest, 1).containsKey("usr/local/bin/greet"), "installed from what uv exported");
        assertTrue(result.err().contains("uv.lock (uv, groups production,ops)"), result::toString);
    }

    @Test
    void aDirtyWorkTreeIsTaggedDirtyWithAWarning() throws Exception {
        sample.write("sample/views.py", "def index(request):\n    return 'not committed'\n");
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String tag = sample.git("rev-parse", "--short", "HEAD") + "-dirty";
        assertTrue(registry.tags(REPOSITORY).contains(tag), registry.tags(REPOSITORY)::toString);
        assertTrue(result.err().contains("warning: The work tree has uncommitted changes: the image is tagged " + tag),
                result::toString);
    }

    @Test
    void aTarballNeedsNoRegistryAndNoAwsAndHasTheSameDigest() throws Exception {
        Cli.Result pushed = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, pushed.exitCode(), pushed::toString);
        Path summary = sample.root.resolve("step-summary.md");
        Cli.Result written = sample.cli(registry, baseImage).env("LABS_IMAGE_REGISTRY", "")
                .env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString())
                .run(new Deploy(), "--to", "tar:../app.tar", "--json");
        assertEquals(0, written.exitCode(), written::toString);
        assertTrue(Files.size(sample.root.resolve("app.tar")) > 0);
        JsonNode json = OciRegistry.parse(written.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(pushed.out().strip().split("@")[1], json.path("digest").asText());
        assertTrue(Files.readString(summary).contains("**Image** `" + sample.root.resolve("app.tar") + "`"),
                Files.readString(summary));
    }

    @Test
    void outsideAGitCheckoutOnlyATarballCanBeBuilt() throws Exception {
        PythonLayer.deleteRecursively(sample.app.resolve(".git"));
        Cli.Result pushed = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(2, pushed.exitCode(), pushed::toString);
        pushed.assertErrContains("is not a git checkout with a commit");

        Cli.Result written = sample.cli(registry, baseImage).run(new Deploy(), "--to", "tar:../app.tar");
        assertEquals(0, written.exitCode(), written::toString);
        written.assertErrContains("the image is tagged local and has no revision label");
        assertTrue(Files.size(sample.root.resolve("app.tar")) > 0);
    }

    @Test
    void jibWarnsAboutTheOsPackagesTheDockerfilesFinalStageInstalls() throws Exception {
        sample.write("Dockerfile", String.join("\n", "FROM node:26-bookworm AS build-node", "RUN apt-get install -y nodejs-extra",
                "FROM python:3.11-slim-bookworm", "RUN apt-get update \\", "  # geodjango", "  && apt-get install -y libpq-dev gdal-bin", ""));
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--builder", "jib", "--to", "tar:../app.tar");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("warning: The Dockerfile's final stage installs OS packages (libpq-dev gdal-bin), which jib"
                + " cannot install"), result::toString);
        assertTrue(result.err().contains("--builder docker (or codebuild, without Docker)"), result::toString);
    }

    @Test
    void withPipARequirementWithoutAWheelForTheImageIsNamed() throws Exception {
        sample.write("requirements.txt", "greet==1.0\nnowheel==3.1\n");
        sample.commit("add a package that has no wheel");
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("The Python package nowheel==3.1 has no wheel for linux/amd64, Python 3.11"),
                result::toString);
        assertTrue(result.err().contains("labs.image.base"), result::toString);
        assertFalse(result.err().contains("\tat "), "no stack trace");
    }

    @Test
    void withoutARegistryOverrideItLogsInToEcrAndPushesToTheStacksRepository() throws Exception {
        FakeEcr ecr = new FakeEcr();
        ecr.proxyEndpoint = "http://" + registry.address;
        Cli.Result result = sample.cli(registry, baseImage).env("LABS_IMAGE_REGISTRY", "").with(
                software.amazon.awssdk.services.ecr.EcrClient.class, ecr).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, ecr.tokensIssued);
        assertTrue(result.out().startsWith(registry.address + "/" + REPOSITORY + "@sha256:"), result::toString);
        assertFalse(result.err().contains(FakeEcr.PASSWORD) || result.out().contains(FakeEcr.PASSWORD), "no secret in output");
    }

    @Test
    void fromDockerPushesTheDaemonsImageWithTheCommitsTagsAndLabels() throws Exception {
        Path docker = FakeDocker.create(sample.root, "myapp:built-by-docker");
        Cli.Result result = sample.cli(registry, baseImage).env("LABS_IMAGE_DOCKER", docker.toString())
                .env("AWS_SECRET_ACCESS_KEY", "the-secret-key")
                .run(new Deploy(), "--build-only", "--from-docker", "myapp:built-by-docker");
        assertEquals(0, result.exitCode(), result::toString);
        String dockerEnvironment = Files.readString(FakeDocker.environmentSeen(sample.root));
        assertFalse(dockerEnvironment.contains("the-secret-key"), "docker gets no credentials: " + dockerEnvironment);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sha);
        assertEquals(1, manifest.layers().size(), "the daemon's image as it is, no layers of ours: " + manifest.json());
        assertEquals(Map.of("hello.txt", new FileInLayer(0644, "built by docker\n")), files(manifest, 0));
        JsonNode config = registry.config(REPOSITORY, manifest).path("config");
        assertEquals("[\"/hello\"]", config.path("Entrypoint").toString());
        assertEquals(sample.git("rev-parse", "HEAD"), config.path("Labels").path("org.opencontainers.image.revision").asText());
        assertTrue(registry.tags(REPOSITORY).containsAll(List.of(sha, "latest")));
    }

    @Test
    void aRealJBangRunWritesATarballWithoutAnyAwsAccess() throws Exception {
        RealJBang.jbangDir();
        Map<String, String> environment = new java.util.HashMap<>(Map.of("LABS_IMAGE_BASE", baseImage,
                "LABS_IMAGE_CACHE", sample.cache.toString(), "AWS_ACCESS_KEY_ID", "", "AWS_PROFILE", ""));
        environment.putAll(sample.packageSources());
        RealJBang.Result result = RealJBang.run(environment, sample.app, "deploy@labs", "--to", "tar:../app.tar");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(sample.root.resolve("app.tar").toString(), result.out().strip());
        assertTrue(result.err().contains("Wrote " + sample.root.resolve("app.tar") + ": digest sha256:"), result::toString);
    }

    @Test
    void withPipAPurePythonPackageWithOnlyASourceDistributionIsBuiltIntoAWheelHere() throws Exception {
        sample.addSourceOnlyPackage("puresrc", "py3-none-any");
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertTrue(files(manifest, 1).containsKey("usr/local/lib/python3.11/site-packages/puresrc/__init__.py"));
        assertTrue(result.err().contains("puresrc==1.0 has no wheel for linux/amd64; building it from source"), result::toString);
    }

    @Test
    void withPipAPackageThatNeedsCompilingIsNamedWithTheAdviceToUseABaseImageThatHasIt() throws Exception {
        sample.addSourceOnlyPackage("needscc", "cp311-cp311-linux_x86_64");
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("The Python package needscc==1.0 needs compiling and has no wheel for linux/amd64, Python 3.11"),
                result::toString);
        assertTrue(result.err().contains("Use a base image that has it installed (labs.image.base)"), result::toString);

        Cli.Result providedByBase = pip(sample.cli(registry, baseImage)).env("LABS_IMAGE_BASE_PACKAGES", "NeedsCC")
                .run(new Deploy(), "--build-only");
        assertEquals(0, providedByBase.exitCode(), providedByBase::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertFalse(files(manifest, 1).keySet().stream().anyMatch(p -> p.contains("needscc")));
        assertTrue(files(manifest, 1).containsKey("usr/local/bin/greet"), "the other requirements are still installed");
    }

    @Test
    void withPipRequirementsPinnedWithTheirHashesAreInstalledWithRequireHashes() throws Exception {
        sample.pinWithHashes(pins());
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("pip checks every file against them (--require-hashes)"), result::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertTrue(files(manifest, 1).containsKey("usr/local/bin/greet"), "installed: " + result);
    }

    @Test
    void withPipAWrongHashFailsTheBuildWithOneClearLine() throws Exception {
        Map<String, String> pins = pins();
        String tampered = "0".repeat(64);
        pins.put("greet==1.0", tampered);
        sample.pinWithHashes(pins);
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        String error = result.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertEquals("error: The Python package greet==1.0 does not match the hash pinned in the requirements (expected sha256 "
                + tampered + ", got " + sample.hashOf("greet-1.0-py3-none-any.whl") + "): the file pip found is not the one"
                + " the requirements were locked with. Re-lock if the package was meant to change (uv lock,"
                + " pip-compile --generate-hashes); otherwise check where it came from (PIP_INDEX_URL, PIP_FIND_LINKS).", error);
        assertFalse(result.err().contains("\tat "), "no stack trace");
    }

    @Test
    void withPipASourceOnlyPackageIsCheckedAgainstItsPinnedHashBeforeItIsBuiltHere() throws Exception {
        sample.addSourceOnlyPackage("puresrc", "py3-none-any");
        Map<String, String> pins = pins();
        pins.put("puresrc==1.0", sample.hashOf("puresrc-1.0.tar.gz"));
        sample.pinWithHashes(pins);
        Cli.Result result = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        assertTrue(files(manifest, 1).containsKey("usr/local/lib/python3.11/site-packages/puresrc/__init__.py"), result::toString);

        pins.put("puresrc==1.0", "f".repeat(64));
        sample.pinWithHashes(pins);
        Cli.Result tampered = pip(sample.cli(registry, baseImage)).run(new Deploy(), "--build-only");
        assertEquals(1, tampered.exitCode(), tampered::toString);
        assertTrue(tampered.err().contains("error: The Python package puresrc==1.0 does not match the hash pinned in the"
                + " requirements (expected sha256 " + "f".repeat(64) + ", got " + sample.hashOf("puresrc-1.0.tar.gz") + ")"),
                tampered::toString);
    }

    @Test
    void aFailingBuildCommandIsOneLineWithItsExitCodeAndLastOutput() throws Exception {
        Cli.Result result = sample.cli(registry, baseImage).env("LABS_IMAGE_BUILD_COMMAND", "echo bundling; echo 'no such file' >&2; exit 3")
                .run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("error: The build command (labs.image.build-command) `echo bundling; echo 'no such file' >&2;"
                + " exit 3` failed with exit code 3; last output: bundling | no such file\n"), result::toString);
    }

    @Test
    void theBuildCommandAndPipGetNoCredentials() throws Exception {
        Path seen = sample.root.resolve("build-command-env.txt");
        Cli.Result result = pip(sample.cli(registry, baseImage))
                .env("AWS_SECRET_ACCESS_KEY", "the-secret-key").env("AWS_SESSION_TOKEN", "the-session-token")
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "the-oidc-request-token").env("GITHUB_TOKEN", "the-github-token")
                .env("LABS_IMAGE_BUILD_COMMAND", "env > '" + seen + "'")
                .run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String environment = Files.readString(seen);
        for (String secret : List.of("the-secret-key", "the-session-token", "the-oidc-request-token", "the-github-token")) {
            assertFalse(environment.contains(secret), environment);
        }
        assertTrue(environment.contains("PIP_FIND_LINKS=" + sample.wheels), "the rest of the environment stays: " + environment);
    }

    @Test
    void theSameAppBuildsForBothPlatformsWithEachPlatformsWheels() throws Exception {
        String sitePackages = "usr/local/lib/python3.11/site-packages/fastthing/";
        for (String[] platform : List.of(new String[] {"linux/amd64", "x86_64"}, new String[] {"linux/arm64", "aarch64"})) {
            Cli.Result result = sample.cli(registry, baseImage).env("LABS_IMAGE_PLATFORM", platform[0]).run(new Deploy(), "--build-only");
            assertEquals(0, result.exitCode(), result::toString);
            OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
            Map<String, FileInLayer> dependencies = files(manifest, 1);
            assertTrue(dependencies.containsKey(sitePackages + "_speed.cpython-311-" + platform[1] + "-linux-gnu.so"),
                    platform[0] + ": " + dependencies.keySet());
            assertEquals(1, dependencies.keySet().stream().filter(p -> p.endsWith(".so")).count(), dependencies.keySet()::toString);
            assertTrue(dependencies.get("usr/local/lib/python3.11/site-packages/fastthing-1.0.dist-info/RECORD").content()
                    .contains("fastthing/_speed.cpython-311-" + platform[1] + "-linux-gnu.so,sha256="));
        }
    }

    /** As in jbang-action's container: no git (the commit from GITHUB_SHA), no uv, no pip, no Python. */
    @Test
    void theLabsInstallerInstallsAUvLocksGroupsWithoutGitUvOrPip() throws Exception {
        Files.delete(sample.app.resolve("requirements.txt"));
        sample.write("pyproject.toml", "[project]\nname = \"sample\"\nversion = \"1\"\ndependencies = [\"greet\"]\n");
        sample.write("uv.lock", uvLock());
        sample.commit("move to uv");
        Cli.Result result = sample.cli(registry, baseImage).env("PATH", "/nonexistent").env("GITHUB_SHA", sample.git("rev-parse", "HEAD"))
                .run(new Deploy(), "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, FileInLayer> dependencies = files(registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD")), 1);
        String sitePackages = "usr/local/lib/python3.11/site-packages/";
        assertTrue(dependencies.containsKey(sitePackages + "tinylib/__init__.py"), dependencies.keySet()::toString);
        assertTrue(dependencies.containsKey(sitePackages + "fastthing/__init__.py"), "the production group");
        assertEquals("labs\n", dependencies.get(sitePackages + "greet-1.0.dist-info/INSTALLER").content());
        assertEquals("#!/usr/local/bin/python", dependencies.get("usr/local/bin/greet").content().lines().findFirst().orElseThrow());
        Output.assertContains(result.err(), "uv.lock (uv, groups production)");
    }

    @Test
    void theLabsInstallerChecksEveryWheelAgainstItsPinnedHash() throws Exception {
        sample.pinWithHashes(pins());
        Cli.Result pinned = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(0, pinned.exitCode(), pinned::toString);

        Map<String, String> pins = pins();
        String tampered = "0".repeat(64);
        pins.put("greet==1.0", tampered);
        sample.pinWithHashes(pins);
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        String error = result.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertTrue(error.startsWith("error: The Python package greet 1.0 does not match the hash pinned in requirements.txt (expected sha256 "
                + tampered + ", got " + sample.hashOf("greet-1.0-py3-none-any.whl") + " for " + sample.index.url().replace("simple/", "")
                + "files/greet-1.0-py3-none-any.whl)"), error);
        assertFalse(result.err().contains("\tat "), "no stack trace");
    }

    @Test
    void everyPackageWithoutAWheelIsNamedInOneLineWithTheWayOut() throws Exception {
        sample.addSourceOnlyPackage("needscc", "cp311-cp311-linux_x86_64");
        sample.addSourceOnlyPackage("puresrc", "py3-none-any");
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--build-only");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("error: No wheel for linux/amd64, CPython 3.11, glibc 2.36 of needscc 1.0 (source only), puresrc 1.0"
                + " (source only): labs installs wheels only. Build with the app's Dockerfile (labs.image.builder=docker or codebuild),"
                + " or use a base image that has them and list them in labs.image.base-packages\n");
        assertEquals(0, sample.index.fileDownloads.get(), "nothing is downloaded before the check");

        Cli.Result providedByBase = sample.cli(registry, baseImage).env("LABS_IMAGE_BASE_PACKAGES", "NeedsCC,puresrc")
                .run(new Deploy(), "--build-only");
        assertEquals(0, providedByBase.exitCode(), providedByBase::toString);
    }

    /** A uv.lock for the sample as uv writes it: the project, its production and dev groups, the wheels on the loopback index. */
    private String uvLock() throws Exception {
        String files = sample.index.url().replace("simple/", "files/");
        return String.join("\n", "version = 1", "revision = 2", "requires-python = \">=3.11\"", "",
                "[[package]]", "name = \"sample\"", "version = \"1\"", "source = { virtual = \".\" }",
                "dependencies = [", "    { name = \"greet\" },", "    { name = \"winonly\", marker = \"sys_platform == 'win32'\" },", "]", "",
                "[package.dev-dependencies]", "dev = [", "    { name = \"devtool\" },", "]",
                "production = [", "    { name = \"fastthing\", marker = \"platform_machine == 'x86_64' or platform_machine == 'aarch64'\" },", "]", "",
                "[[package]]", "name = \"greet\"", "version = \"1.0\"", "source = { registry = \"" + sample.index.url() + "\" }",
                "dependencies = [", "    { name = \"tinylib\" },", "]",
                "wheels = [", "    { url = \"" + files + "greet-1.0-py3-none-any.whl\", hash = \"sha256:"
                        + sample.hashOf("greet-1.0-py3-none-any.whl") + "\", size = 1 },", "]", "",
                "[[package]]", "name = \"tinylib\"", "version = \"2.0\"", "source = { registry = \"" + sample.index.url() + "\" }",
                "wheels = [", "    { url = \"" + files + "tinylib-2.0-py3-none-any.whl\", hash = \"sha256:"
                        + sample.hashOf("tinylib-2.0-py3-none-any.whl") + "\" },", "]", "",
                "[[package]]", "name = \"fastthing\"", "version = \"1.0\"", "source = { registry = \"" + sample.index.url() + "\" }",
                "wheels = [",
                "    { url = \"" + files + "fastthing-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl\", hash = \"sha256:"
                        + sample.hashOf("fastthing-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl") + "\" },",
                "    { url = \"" + files + "fastthing-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl\", hash = \"sha256:"
                        + sample.hashOf("fastthing-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") + "\" },", "]", "",
                "[[package]]", "name = \"devtool\"", "version = \"1.0\"", "source = { registry = \"" + sample.index.url() + "\" }",
                "sdist = { url = \"" + files + "devtool-1.0.tar.gz\", hash = \"sha256:" + "1".repeat(64) + "\" }", "",
                "[[package]]", "name = \"winonly\"", "version = \"1.0\"", "source = { registry = \"" + sample.index.url() + "\" }",
                "sdist = { url = \"" + files + "winonly-1.0.tar.gz\", hash = \"sha256:" + "2".repeat(64) + "\" }", "");
    }

    /** The pip installer (labs.image.installer=pip), which the tests named withPip... keep covered. */
    private static Cli pip(Cli cli) {
        return cli.env("LABS_IMAGE_INSTALLER", "pip");
    }

    /** The sample's requirements, each with the hash of its wheel. */
    private Map<String, String> pins() throws Exception {
        Map<String, String> pins = new java.util.LinkedHashMap<>();
        pins.put("greet==1.0", sample.hashOf("greet-1.0-py3-none-any.whl"));
        pins.put("tinylib==2.0", sample.hashOf("tinylib-2.0-py3-none-any.whl"));
        pins.put("fastthing==1.0", sample.hashOf("fastthing-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"));
        return pins;
    }

    @Test
    void withoutImageDeployBuildsAndPushesThenRollsOutTheBuiltDigest() throws Exception {
        DefaultStack stack = DefaultStack.running();
        Cli.Result result;
        String url;
        try (WebStub web = stack.serveWeb()) {
            url = stack.webUrl();
            result = sample.cli(stack.cli(), registry, baseImage).run(new Deploy(), "--services", "web");
        }
        assertEquals(0, result.exitCode(), result::toString);
        OciRegistry.Manifest manifest = registry.manifest(REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
        String built = registry.address + "/" + REPOSITORY + "@" + manifest.digest();
        assertEquals(built, stack.ecs.registered.get(0).containerDefinitions().get(0).image(), "the task definition names the digest");
        assertEquals(url + "\n", result.out(), "only the URL on stdout: " + result);
        assertTrue(result.err().indexOf("Pushed ") < result.err().indexOf("Registered "), result::toString);
    }

    @Test
    void aDryRunBuildsNothing() throws Exception {
        DefaultStack stack = DefaultStack.running();
        Cli.Result result = sample.cli(stack.cli(), registry, baseImage).run(new Deploy(), "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("the image built from this checkout (not built in a dry run)"), result::toString);
        assertFalse(Files.exists(sample.cache.resolve("python")), "no dependencies installed: " + result);
        assertTrue(stack.ecs.registered.isEmpty());
    }

    @Test
    void imageAndBuildOptionsDoNotGoTogether() {
        Cli.Result result = sample.cli(registry, baseImage).run(new Deploy(), "--image", "abc1234", "--build-only");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--image deploys an image that exists already"), result::toString);
    }

    private static Map<String, FileInLayer> files(OciRegistry.Manifest manifest, int layer) throws Exception {
        byte[] blob = registry.blob(REPOSITORY, manifest.layers().get(layer).digest());
        Map<String, FileInLayer> files = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(blob)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isDirectory()) continue;
                files.put(entry.getName().replaceFirst("^/", ""),
                        new FileInLayer(entry.getMode() & 07777, new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    private static Map<String, Integer> modes(Map<String, FileInLayer> files) {
        Map<String, Integer> modes = new TreeMap<>();
        files.forEach((path, file) -> modes.put(Path.of(path).getFileName().toString(), file.mode()));
        return modes;
    }
}
