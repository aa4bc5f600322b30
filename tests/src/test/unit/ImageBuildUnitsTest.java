import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** The pure parts of the image build: platform tags, interpreter lines, names, labels, settings. */
class ImageBuildUnitsTest {

    @Test
    void pipGetsEveryManylinuxTagTheBaseImagesGlibcAccepts() {
        List<String> tags = new PythonLayer.Target("linux/amd64", "3.11", "2.36", "/usr/local/bin/python").platformTags();
        assertEquals("manylinux_2_36_x86_64", tags.get(0));
        assertTrue(tags.containsAll(List.of("manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64",
                "manylinux1_x86_64", "manylinux_2_5_x86_64")));
        assertFalse(tags.contains("manylinux_2_37_x86_64"));
        List<String> arm = new PythonLayer.Target("linux/arm64", "3.12", "2.31", "/usr/local/bin/python").platformTags();
        assertEquals("manylinux_2_31_aarch64", arm.get(0));
        assertTrue(arm.contains("manylinux2014_aarch64"));
        assertFalse(arm.stream().anyMatch(t -> t.contains("x86_64") || t.startsWith("manylinux1")));
    }

    @Test
    void sitePackagesAndScriptsFollowTheImagesInterpreter() {
        PythonLayer.Target target = new PythonLayer.Target("linux/amd64", "3.12", "2.36", "/usr/local/bin/python3");
        assertEquals("/usr/local/lib/python3.12/site-packages", target.sitePackages());
        assertEquals("/usr/local/bin", target.scriptsFolder());
    }

    @Test
    void aBadPlatformOrGlibcIsAUsageError() {
        LabsException platform = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> new PythonLayer.Target("windows/amd64", "3.11", "2.36", "/usr/local/bin/python").platformTags());
        assertEquals(LabsException.USAGE, platform.exitCode);
        LabsException glibc = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> new PythonLayer.Target("linux/amd64", "3.11", "bookworm", "/usr/local/bin/python").platformTags());
        assertTrue(glibc.getMessage().contains("labs.image.glibc"));
    }

    @Test
    void consoleScriptsGetTheImagesInterpreterAndKeepTheirBody(@TempDir Path folder) throws Exception {
        Path script = Files.writeString(folder.resolve("gunicorn"),
                "#!/root/.pyenv/versions/3.11.7/bin/python3.11\n# -*- coding: utf-8 -*-\nimport sys\n");
        PythonLayer.rewriteInterpreterLine(script, "/usr/local/bin/python");
        assertEquals("#!/usr/local/bin/python\n# -*- coding: utf-8 -*-\nimport sys\n", Files.readString(script));
        Path shell = Files.writeString(folder.resolve("tool"), "#!/bin/sh\necho hi\n");
        PythonLayer.rewriteInterpreterLine(shell, "/usr/local/bin/python");
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(shell), "not a Python script: left alone");
    }

    @Test
    void pipsMissingPackageIsFoundInItsOutput() {
        assertEquals("psycopg2==2.9.9", PythonLayer.missingPackage(
                "ERROR: Could not find a version that satisfies the requirement psycopg2==2.9.9 (from versions: none)\n"
                        + "ERROR: No matching distribution found for psycopg2==2.9.9"));
        assertEquals(null, PythonLayer.missingPackage("ERROR: something else"));
    }

    @Test
    void theDependencyFilesAreFoundTheWayTheAppKeepsThem(@TempDir Path app) throws Exception {
        assertTrue(PythonLayer.findSource(app, null, "production", null).none());
        Files.writeString(app.resolve("uv.lock"), "version = 1\n");
        assertEquals(app.resolve("uv.lock"), PythonLayer.findSource(app, null, "production", null).uvLock());
        Files.writeString(app.resolve("requirements.txt"), "django\n");
        assertEquals(List.of(app.resolve("requirements.txt")), PythonLayer.findSource(app, null, "", null).requirementFiles());
        Files.createDirectories(app.resolve("requirements"));
        Files.writeString(app.resolve("requirements/production.txt"), "gunicorn\n");
        Files.writeString(app.resolve("requirements/base.txt"), "django\n");
        assertEquals(List.of(app.resolve("requirements/base.txt"), app.resolve("requirements/production.txt")),
                PythonLayer.findSource(app, null, "", null).requirementFiles(), "both, as CommCare Connect's Dockerfile installs");
        Files.writeString(app.resolve("requirements/labs.txt"), "django-allow-cidr\n");
        assertEquals(List.of(app.resolve("requirements/base.txt"), app.resolve("requirements/production.txt"),
                app.resolve("requirements/labs.txt")), PythonLayer.findSource(app, null, "", null).requirementFiles(),
                "the fork's own additions last");
        LabsException missing = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> PythonLayer.findSource(app, "requirements/nope.txt", "", null));
        assertEquals(LabsException.USAGE, missing.exitCode);
    }

    @Test
    void packagesTheBaseImageProvidesAreLeftOutOfIncludedFilesToo(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("base.txt"), "Django==4.2.5\npsycopg2==2.9.6 \\\n    --hash=sha256:abc\nsix==1.16.0\n");
        Files.writeString(folder.resolve("production.txt"), "-r base.txt\ngunicorn[gevent]==21.2.0\nPsycoPG2 >= 2.9\n# psycopg2 in a comment\n");
        List<Path> filtered = PythonLayer.withoutBasePackages(List.of(folder.resolve("production.txt")),
                java.util.Set.of(PythonLayer.normalizedName("psycopg2"), "gunicorn"), Files.createDirectories(folder.resolve("work")));
        String production = Files.readString(filtered.get(0));
        assertFalse(production.contains("PsycoPG2") || production.contains("gunicorn"), production);
        assertTrue(production.contains("# psycopg2 in a comment"));
        Path base = Path.of(production.lines().filter(l -> l.startsWith("-r ")).findFirst().orElseThrow().substring(3));
        assertEquals("Django==4.2.5\nsix==1.16.0\n", Files.readString(base).strip() + "\n");
    }

    @Test
    void hashesAreFoundInIncludedFilesAndAPackagesPinComesWithItsHashLines(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("base.txt"), "django==4.2.5 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n    # via app\nsix==1.16.0 --hash=sha256:ccc\n");
        Files.writeString(folder.resolve("production.txt"), "-r base.txt\n");
        Files.writeString(folder.resolve("plain.txt"), "django==4.2.5\n# --hash in a comment is no pin\n");
        assertTrue(PythonLayer.pinsHashes(List.of(folder.resolve("production.txt"))));
        assertFalse(PythonLayer.pinsHashes(List.of(folder.resolve("plain.txt"))));
        assertEquals("django==4.2.5 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n",
                PythonLayer.pinnedEntry(List.of(folder.resolve("production.txt")), PythonLayer.requirementName("Django==4.2.5")));
        assertEquals(null, PythonLayer.pinnedEntry(List.of(folder.resolve("production.txt")), "gunicorn"));
    }

    @Test
    void pipsHashMismatchReportBecomesOneLine() {
        String report = String.join("\n", "Collecting greet==1.0",
                "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package"
                        + " versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.",
                "    greet==1.0 from file:///wheels/greet-1.0-py3-none-any.whl (from -r requirements.txt (line 1)):",
                "        Expected sha256 0000",
                "                     or 1111",
                "             Got        abcd", "");
        String line = PythonLayer.hashMismatch(report);
        assertTrue(line.startsWith("The Python package greet==1.0 does not match the hash pinned in the requirements"
                + " (expected sha256 0000, got abcd)"), line);
        assertFalse(line.contains("\n"));
        assertEquals(null, PythonLayer.hashMismatch("ERROR: No matching distribution found for greet"));
    }

    @Test
    void gitRemotesBecomeBrowsableSourceUrls() {
        assertEquals("https://github.com/dimagi/commcare-connect", GitState.browsable("git@github.com:dimagi/commcare-connect.git"));
        assertEquals("https://github.com/dimagi/commcare-connect", GitState.browsable("https://token@github.com/dimagi/commcare-connect.git"));
        assertEquals("https://gitlab.example.com/team/app", GitState.browsable("ssh://git@gitlab.example.com/team/app.git"));
    }

    @Test
    void onlyARegistryOnThisMachineMaySpeakPlainHttp() {
        assertTrue(ImageBuild.isLoopback("127.0.0.1:5000"));
        assertTrue(ImageBuild.isLoopback("localhost:5000/base/python:3.11"));
        assertTrue(ImageBuild.isLoopback("[::1]:5000"));
        assertFalse(ImageBuild.isLoopback("123456789012.dkr.ecr.eu-west-1.amazonaws.com"));
        assertFalse(ImageBuild.isLoopback("python:3.11-slim-bookworm"));
        assertFalse(ImageBuild.isLoopback("10.0.0.5:5000"));
    }

    @Test
    void imageSettingsCheckTheUserAndApplyEnvironmentOverrides(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("labs.properties"), "labs.image.env.DJANGO_SETTINGS_MODULE=config.settings.labs\n"
                + "labs.image.env.FEATURE=on\nlabs.image.entrypoint=none\n");
        Config config = Config.load(Map.of(), Map.of(), folder, null);
        ImageRecipe recipe = ImageRecipe.from(config, List.of("DEBUG=", "EXTRA=1"), folder);
        assertEquals(Map.of("PYTHONUNBUFFERED", "1", "DJANGO_SETTINGS_MODULE", "config.settings.labs", "FEATURE", "on",
                "EXTRA", "1"), recipe.environment());
        assertEquals(List.of(), recipe.entrypoint());
        assertEquals(List.of("/start"), recipe.command());
        assertEquals(folder.resolve(".cache/labs"), recipe.cache());
        LabsException user = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class, () -> ImageRecipe.from(
                Config.load(Map.of(), Map.of("LABS_IMAGE_USER", "django"), folder, null), List.of(), folder));
        assertTrue(user.getMessage().contains("numeric"), user.getMessage());
    }

    @Test
    void theImageGoesToTheRegistryOverrideOrATarballWithoutAws(@TempDir Path folder) {
        LabsOptions labs = new LabsOptions();
        labs.attach(new RunContext(Map.of("LABS_IMAGE_REGISTRY", "https://ghcr.io/example/team/"), folder, System.out,
                System.err, System.in, false, config -> { throw new AssertionError("no AWS access expected"); }));
        assertEquals(new ImageBuild.Destination.Registry("ghcr.io", "example/team/labs-jj-commcare-connect", null, null),
                ImageStep.destination(labs, null));
        assertEquals(new ImageBuild.Destination.Tarball(folder.resolve("out/app.tar"), "labs-jj-commcare-connect"),
                ImageStep.destination(labs, "tar:out/app.tar"));
        LabsException badTo = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> ImageStep.destination(labs, "registry:foo"));
        assertEquals(LabsException.USAGE, badTo.exitCode);
        assertTrue(badTo.getMessage().contains("tar:PATH"), badTo.getMessage());
    }

    @Test
    void theEcrTokenBecomesUserAndPasswordAndTheRegistryHost() {
        LabsOptions labs = new LabsOptions();
        String token = Base64.getEncoder().encodeToString("AWS:s3cr3t-password".getBytes(StandardCharsets.UTF_8));
        Ecr.Login login = new Ecr(labs).login(AuthorizationData.builder().authorizationToken(token)
                .proxyEndpoint("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com").build());
        assertEquals(new Ecr.Login("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "AWS", "s3cr3t-password"), login);
        assertEquals("password: ***", labs.console().mask("password: s3cr3t-password"), "the password is masked in all output");
    }
}
