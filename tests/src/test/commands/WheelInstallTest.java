import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The labs wheel installer (scripts/lib/wheels) against a package index on loopback that serves
 * wheels made here, compared with what pip installs from the same wheels: the same files in
 * site-packages, scripts that run, .data schemes in their places.
 */
class WheelInstallTest {
    static final WheelTarget AMD64 = new WheelTarget("linux/amd64", "x86_64", "3.11", 36, "/usr/local/bin/python");
    static final WheelTarget ARM64 = new WheelTarget("linux/arm64", "aarch64", "3.11.9", 36, "/usr/local/bin/python");

    Path root;
    Path wheels;
    LoopbackIndex index;
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeWheels() throws Exception {
        root = Files.createTempDirectory("labs-wheels");
        wheels = root.resolve("wheels");
        index = LoopbackIndex.serve(wheels);
        WheelFiles.write(wheels, "tinylib", "2.0", "py3-none-any", Map.of("tinylib/__init__.py", "VALUE = 42\n"), null, List.of());
        WheelFiles.write(wheels, "greet", "1.0", "py3-none-any", Map.of("greet/__init__.py", "", "greet/cli.py",
                "import tinylib\n\ndef main():\n    print('hello', tinylib.VALUE)\n"),
                "[console_scripts]\ngreet = greet.cli:main\ngreet-nested = greet.cli:main [fancy]\n",
                List.of("tinylib>=2", "colorama ; sys_platform == \"win32\"", "fancy ; extra == \"fancy\""));
        WheelFiles.write(wheels, "datapkg", "1.0", "py3-none-any", Map.of("datapkg/__init__.py", "",
                "datapkg-1.0.data/scripts/datatool", "#!python\nimport datapkg\nprint('datatool ran')\n",
                "datapkg-1.0.data/headers/datapkg.h", "#define DATAPKG 1\n",
                "datapkg-1.0.data/data/share/datapkg/readme.txt", "data file\n",
                "datapkg-1.0.data/purelib/datapkg_extra.py", "EXTRA = True\n"), null, List.of());
        for (String tag : List.of("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64",
                "cp311-cp311-musllinux_1_1_x86_64", "cp312-cp312-manylinux_2_17_x86_64", "cp311-cp311-manylinux_2_38_x86_64",
                "py3-none-any")) {
            String arch = tag.contains("aarch64") ? "aarch64" : "x86_64";
            WheelFiles.write(wheels, "fastthing", "1.0", tag, Map.of("fastthing/__init__.py", "TAG = '" + tag + "'\n",
                    "fastthing/_speed.cpython-311-" + arch + "-linux-gnu.so", "\u007fELF " + tag), null, List.of());
        }
        WheelFiles.write(wheels, "armonly", "1.0", "py3-none-any", Map.of("armonly/__init__.py", ""), null, List.of());
    }

    @AfterEach
    void stop() {
        index.close();
        PythonLayer.deleteRecursively(root);
    }

    @Test
    void installsTheSameFilesAsPipWithWorkingScriptsAndTheDataSchemes() throws Exception {
        Path requirements = pinned("greet==1.0", "tinylib==2.0", "datapkg==1.0", "fastthing==1.0");
        Path labs = root.resolve("labs");
        install(AMD64, requirements, labs);
        Path pip = root.resolve("pip");
        run(List.of("python3", "-m", "pip", "install", "--disable-pip-version-check", "--no-compile", "--no-cache-dir", "--target",
                pip.toString(), "--index-url", index.url(), "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                "--implementation", "cp", "--only-binary=:all:", "-r", requirements.toString()), Map.of());

        Map<String, String> ours = tree(labs.resolve("site-packages"));
        Map<String, String> theirs = tree(pip);
        theirs.keySet().removeIf(path -> path.startsWith("bin/") || path.startsWith("include/") || path.startsWith("share/"));
        Set<String> recordkeeping = Set.of("RECORD", "INSTALLER", "REQUESTED", "direct_url.json");
        ours.keySet().removeIf(path -> path.contains(".dist-info/") && recordkeeping.contains(Path.of(path).getFileName().toString()));
        theirs.keySet().removeIf(path -> path.contains(".dist-info/") && recordkeeping.contains(Path.of(path).getFileName().toString()));
        assertEquals(theirs, ours, "site-packages as pip fills it");
        assertTrue(ours.get("fastthing/__init__.py").contains("manylinux_2_17_x86_64"), "the best wheel: " + ours.get("fastthing/__init__.py"));

        for (String script : List.of("greet", "greet-nested", "datatool")) {
            String mine = Files.readString(labs.resolve("bin").resolve(script));
            String pips = Files.readString(pip.resolve("bin").resolve(script));
            assertEquals("#!/usr/local/bin/python", mine.lines().findFirst().orElseThrow(), "the image's interpreter starts " + script);
            assertEquals(pips.substring(pips.indexOf('\n')), mine.substring(mine.indexOf('\n')), script + " as pip writes it");
        }
        Map<String, String> pythonPath = Map.of("PYTHONPATH", labs.resolve("site-packages").toString());
        assertEquals("hello 42", run(List.of("python3", labs.resolve("bin/greet").toString()), pythonPath).strip());
        assertEquals("datatool ran", run(List.of("python3", labs.resolve("bin/datatool").toString()), pythonPath).strip());

        assertEquals(Files.readString(pip.resolve("share/datapkg/readme.txt")), Files.readString(labs.resolve("data/share/datapkg/readme.txt")));
        assertEquals("#define DATAPKG 1\n", Files.readString(labs.resolve("data/include/python3.11/datapkg/datapkg.h")));
        assertEquals("labs\n", Files.readString(labs.resolve("site-packages/greet-1.0.dist-info/INSTALLER")));
        assertRecordMatches(labs, "datapkg-1.0.dist-info");
        assertRecordMatches(labs, "greet-1.0.dist-info");
    }

    @Test
    void theSameLockGivesTheSameBytesAndTheSecondInstallDownloadsNothing() throws Exception {
        Path requirements = pinned("greet==1.0", "tinylib==2.0", "datapkg==1.0", "fastthing==1.0");
        install(AMD64, requirements, root.resolve("first"));
        int downloads = index.fileDownloads.get();
        install(AMD64, requirements, root.resolve("second"));
        assertEquals(downloads, index.fileDownloads.get(), "every wheel from the cache");
        assertEquals(tree(root.resolve("first")), tree(root.resolve("second")));
        Output.assertContains(err.toString(StandardCharsets.UTF_8), "4 wheels installed (4 from the cache");
    }

    @Test
    void markersAreEvaluatedForTheImagesPythonAndPlatform() throws Exception {
        Path requirements = pinned("greet==1.0", "tinylib==2.0", "fastthing==1.0",
                "oldpy==1.0 ; python_version < \"3.10\"",
                "winpkg==1.0 ; sys_platform == \"win32\" or os_name == \"nt\"",
                "armonly==1.0 ; platform_machine == \"aarch64\" and (python_full_version >= \"3.11.4\" or implementation_name != \"cpython\")");
        install(AMD64, requirements, root.resolve("amd64"));
        assertFalse(Files.exists(root.resolve("amd64/site-packages/armonly")), "not for x86_64");
        assertTrue(Files.exists(root.resolve("amd64/site-packages/fastthing/_speed.cpython-311-x86_64-linux-gnu.so")));
        install(ARM64, requirements, root.resolve("arm64"));
        assertTrue(Files.exists(root.resolve("arm64/site-packages/armonly/__init__.py")), "for aarch64 and Python 3.11.9");
        assertTrue(Files.exists(root.resolve("arm64/site-packages/fastthing/_speed.cpython-311-aarch64-linux-gnu.so")));
        assertFalse(Files.exists(root.resolve("arm64/site-packages/fastthing/_speed.cpython-311-x86_64-linux-gnu.so")));
    }

    @Test
    void aUvLockInstallsTheProjectAndTheChosenGroupsNeverDev() throws Exception {
        Path lock = Files.writeString(root.resolve("uv.lock"), String.join("\n", "version = 1", "",
                "[[package]]", "name = \"app\"", "version = \"0.1.0\"", "source = { editable = \".\" }",
                "dependencies = [{ name = \"greet\", extra = [\"data\"] }]", "",
                "[package.dev-dependencies]",
                "dev = [{ name = \"devtool\" }]",
                "production = [{ name = \"fastthing\" }]",
                "ops = [{ name = \"armonly\", marker = \"platform_machine == 'aarch64'\" }, { name = \"winpkg\", marker = \"sys_platform == 'win32'\" }]",
                "",
                lockEntry("greet", "1.0", "greet-1.0-py3-none-any.whl", "dependencies = [{ name = \"tinylib\" }]"),
                "[package.optional-dependencies]", "data = [{ name = \"datapkg\" }]", "",
                lockEntry("tinylib", "2.0", "tinylib-2.0-py3-none-any.whl", ""),
                lockEntry("datapkg", "1.0", "datapkg-1.0-py3-none-any.whl", ""),
                lockEntry("fastthing", "1.0", "fastthing-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl", ""),
                lockEntry("armonly", "1.0", "armonly-1.0-py3-none-any.whl", ""),
                "[[package]]", "name = \"devtool\"", "version = \"1.0\"", "source = { registry = \"https://pypi.org/simple\" }",
                "sdist = { url = \"https://example.invalid/devtool-1.0.tar.gz\", hash = \"sha256:" + "1".repeat(64) + "\" }", ""));
        WheelInstall installer = installer(ARM64);
        List<LockedPackage> packages = installer.fromUvLock(lock, List.of("production", "ops", "dev"), Set.of());
        assertEquals(List.of("armonly", "datapkg", "fastthing", "greet", "tinylib"), packages.stream().map(LockedPackage::name).sorted().toList(),
                "the project's dependencies with the extra, production and ops for aarch64, never dev");
        installer.install(packages, InstallLayout.under(root.resolve("uv")), false, Set.of());
        assertTrue(Files.exists(root.resolve("uv/bin/datatool")));
        assertEquals(List.of("greet", "tinylib"), installer(AMD64).fromUvLock(lock, List.of(), Set.of("datapkg")).stream()
                .map(LockedPackage::name).sorted().toList(), "no group; a base package left out");

        LabsException missing = assertThrows(LabsException.class, () -> installer.fromUvLock(lock, List.of("staging"), Set.of()));
        assertEquals("labs.image.uv-groups names staging, which uv.lock does not have (its groups: dev, ops, production)", missing.getMessage());
    }

    @Test
    void aHashMismatchNamesThePackageAndTriesNoOtherFile() throws Exception {
        Path tinylib = wheels.resolve("tinylib-2.0-py3-none-any.whl");
        Path requirements = Files.writeString(root.resolve("requirements.txt"), "greet==1.0 --hash=sha256:"
                + WheelFiles.sha256(wheels.resolve("greet-1.0-py3-none-any.whl")) + "\ntinylib==2.0 \\\n    --hash=sha256:"
                + WheelFiles.sha256(tinylib) + "\n");
        byte[] other = WheelFiles.sha256(tinylib).getBytes(StandardCharsets.UTF_8);
        index.tamper("tinylib-2.0-py3-none-any.whl", other);
        LabsException failure = assertThrows(LabsException.class, () -> install(AMD64, requirements, root.resolve("tampered")));
        assertTrue(failure.getMessage().startsWith("The Python package tinylib 2.0 does not match the hash pinned in requirements.txt"
                + " (expected sha256 " + WheelFiles.sha256(tinylib) + ", got " + hex(other) + " for " + index.url().replace("simple/", "files/")
                + "tinylib-2.0-py3-none-any.whl)"), failure.getMessage());
        assertFalse(Files.exists(root.resolve("tampered/site-packages/tinylib")));
        String otherHash = hex(other);
        try (Stream<Path> cached = Files.walk(root.resolve("cache"))) {
            assertFalse(cached.anyMatch(p -> p.toString().contains(otherHash)), "a bad file never enters the cache");
        }
    }

    @Test
    void everyPackageWithoutAWheelForTheImageIsNamedTogether() throws Exception {
        Files.writeString(wheels.resolve("srconly-3.1.tar.gz"), "not really a tarball");
        WheelFiles.write(wheels, "muslonly", "1.0", "cp311-cp311-musllinux_1_2_x86_64", Map.of("muslonly/__init__.py", ""), null, List.of());
        Path requirements = pinned("greet==1.0", "tinylib==2.0", "srconly==3.1", "muslonly==1.0");
        LabsException failure = assertThrows(LabsException.class, () -> install(AMD64, requirements, root.resolve("out")));
        assertEquals("No wheel for linux/amd64, CPython 3.11, glibc 2.36 of srconly 3.1 (source only), muslonly 1.0 (no wheel for this"
                + " platform): labs installs wheels only. Build with the app's Dockerfile (labs.image.builder=docker or codebuild), or use"
                + " a base image that has them and list them in labs.image.base-packages", failure.getMessage());
        assertEquals(0, index.fileDownloads.get());
    }

    @Test
    void requirementsThatAreNotACompleteLockAreRefusedWithTheWayOut() throws Exception {
        Path unpinned = Files.writeString(root.resolve("requirements.txt"), "greet>=1.0\n");
        LabsException loose = assertThrows(LabsException.class, () -> install(AMD64, unpinned, root.resolve("loose")));
        Output.assertContains(loose.getMessage(), "requirements.txt has 'greet>=1.0', which is not pinned with ==");
        Path incomplete = pinned("greet==1.0");
        LabsException failure = assertThrows(LabsException.class, () -> install(AMD64, incomplete, root.resolve("incomplete")));
        assertEquals("The requirements are not a complete lock: greet 1.0 needs tinylib. labs installs every package pinned"
                + " (pip-compile --generate-hashes, uv export); pin these too, or set labs.image.installer=pip", failure.getMessage());
    }

    private String lockEntry(String name, String version, String wheel, String dependencies) throws Exception {
        return String.join("\n", "[[package]]", "name = \"" + name + "\"", "version = \"" + version + "\"",
                "source = { registry = \"" + index.url() + "\" }", dependencies,
                "wheels = [{ url = \"" + index.url().replace("simple/", "files/") + wheel + "\", hash = \"sha256:"
                        + WheelFiles.sha256(wheels.resolve(wheel)) + "\" }]", "");
    }

    private Path pinned(String... lines) throws Exception {
        return Files.writeString(root.resolve("requirements.txt"), String.join("\n", lines) + "\n");
    }

    private WheelInstall installer(WheelTarget target) {
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false);
        return new WheelInstall(console, target, root.resolve("cache"));
    }

    private void install(WheelTarget target, Path requirements, Path folder) {
        WheelInstall installer = installer(target);
        installer.install(installer.fromRequirements(List.of(requirements), index.url(), Set.of()), InstallLayout.under(folder), true, Set.of());
    }

    /** Every line of RECORD names an installed file with its hash and size, by its path from the image's site-packages. */
    private static void assertRecordMatches(Path installed, String distInfo) throws Exception {
        List<String> lines = Files.readAllLines(installed.resolve("site-packages").resolve(distInfo).resolve("RECORD"));
        assertEquals(lines.stream().sorted().toList(), lines, "sorted, so that the same wheels give the same RECORD");
        Path image = Path.of("/usr/local/lib/python3.11/site-packages");
        for (String line : lines) {
            String[] fields = line.split(",");
            Path inImage = image.resolve(fields[0]).normalize();
            Path local = inImage.startsWith(image) ? installed.resolve("site-packages").resolve(image.relativize(inImage).toString())
                    : inImage.startsWith("/usr/local/bin") ? installed.resolve("bin").resolve(Path.of("/usr/local/bin").relativize(inImage).toString())
                    : installed.resolve("data").resolve(Path.of("/usr/local").relativize(inImage).toString());
            assertTrue(Files.isRegularFile(local), line + " → " + local);
            if (fields[0].endsWith("/RECORD")) continue;
            byte[] bytes = Files.readAllBytes(local);
            assertEquals("sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    fields[1], line);
            assertEquals(String.valueOf(bytes.length), fields[2], line);
        }
        assertTrue(lines.contains("../../../bin/datatool," + lines.stream().filter(l -> l.startsWith("../../../bin/datatool,")).findFirst()
                .map(l -> l.substring(l.indexOf(',') + 1)).orElse("")) || !distInfo.startsWith("datapkg"), lines::toString);
    }

    /** Every file under the folder, by relative path, with its content. */
    private static Map<String, String> tree(Path folder) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(path).toString(), new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static String hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, process.exitValue(), command + ": " + output);
        return output.toString(StandardCharsets.UTF_8);
    }
}
