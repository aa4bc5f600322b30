import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Django-shaped app in a git checkout, as the tests build it: a .dockerignore with an exception,
 * entry scripts under docker/, a requirements file that a local wheel folder satisfies (tiny
 * wheels made here, one with a console script, one compiled for manylinux2014), and a base
 * image made by jib itself, since tests cannot reach Docker Hub.
 */
final class SampleApp {
    static final String REMOTE = "git@github.com:example/sample-app.git";

    final Path root;
    final Path app;
    final Path wheels;
    final Path cache;

    private SampleApp(Path root) {
        this.root = root;
        this.app = root.resolve("app");
        this.wheels = root.resolve("wheels");
        this.cache = root.resolve("cache");
    }

    static SampleApp create() throws Exception {
        SampleApp sample = new SampleApp(Files.createTempDirectory("labs-sample"));
        sample.writeSource();
        sample.writeWheels();
        sample.git("init", "-q", "-b", "main");
        sample.git("config", "user.email", "dev@example.com");
        sample.git("config", "user.name", "Dev");
        sample.git("remote", "add", "origin", REMOTE);
        sample.commit("first");
        return sample;
    }

    private void writeSource() throws IOException {
        write("manage.py", "#!/usr/bin/env python\nimport os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n");
        Files.setPosixFilePermissions(app.resolve("manage.py"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write("config/__init__.py", "");
        write("config/settings/__init__.py", "");
        write("config/settings/production.py", "DEBUG = False\n");
        write("config/wsgi.py", "application = None\n");
        write("sample/views.py", "def index(request):\n    return 'hello'\n");
        write("sample/__pycache__/views.cpython-311.pyc", "stale");
        write("docs/keep.md", "kept by the exception\n");
        write("docs/drop.md", "left out\n");
        write("node_modules/left-out.js", "left out\n");
        write("local.env", "SECRET=left-out\n");
        write(".dockerignore", String.join("\n", "# like a real app's", ".git", "node_modules", "*.env",
                "docs/*.md", "!docs/keep.md", "**/__pycache__", "**/*.pyc", ""));
        write("docker/entrypoint", "#!/bin/bash\nset -e\nexec \"$@\"\n");
        write("docker/start", "#!/bin/bash\nexec gunicorn config.wsgi --bind 0.0.0.0:8000\n");
        write("docker/start_celery", "#!/bin/bash\nexec celery -A config worker\n");
        write("requirements.txt", "greet==1.0\nfastthing==1.0\n");
    }

    private void writeWheels() throws Exception {
        Files.createDirectories(wheels);
        wheel("tinylib", "2.0", "py3-none-any", Map.of("tinylib/__init__.py", "VALUE = 42\n"), null, List.of());
        wheel("greet", "1.0", "py3-none-any", Map.of("greet/__init__.py", "", "greet/cli.py",
                "import tinylib\n\ndef main():\n    print('hello', tinylib.VALUE)\n"),
                "[console_scripts]\ngreet = greet.cli:main\n", List.of("tinylib>=2"));
        wheel("fastthing", "1.0", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
                Map.of("fastthing/__init__.py", "from ._speed import *\n",
                        "fastthing/_speed.cpython-311-x86_64-linux-gnu.so", "\u007fELF not really"), null, List.of());
    }

    /** A wheel as the packaging spec describes it: files, METADATA, WHEEL, entry points and a RECORD with hashes. */
    private void wheel(String name, String version, String tag, Map<String, String> files, String entryPoints,
            List<String> requires) throws Exception {
        String info = name + "-" + version + ".dist-info/";
        Map<String, String> entries = new LinkedHashMap<>(files);
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        requires.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        entries.put(info + "METADATA", metadata.toString());
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: labs-tests\nRoot-Is-Purelib: "
                + tag.endsWith("none-any") + "\nTag: " + tag.split("\\.")[0] + "\n");
        if (entryPoints != null) entries.put(info + "entry_points.txt", entryPoints);
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            byte[] bytes = entry.getValue().getBytes(StandardCharsets.UTF_8);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
            record.append(entry.getKey()).append(",sha256=").append(hash).append(',').append(bytes.length).append('\n');
        }
        record.append(info).append("RECORD,,\n");
        entries.put(info + "RECORD", record.toString());
        Path file = wheels.resolve(name + "-" + version + "-" + tag + ".whl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    /**
     * A package published only as a source distribution, whose in-tree build backend (no build
     * requirements, so pip builds it offline) makes a wheel with the given tag: py3-none-any for
     * pure Python, or a platform tag as a compiled extension would get.
     */
    void addSourceOnlyPackage(String name, String wheelTag) throws Exception {
        String backend = String.join("\n",
                "import base64, hashlib, os, zipfile",
                "NAME, VERSION, TAG = " + py(name) + ", '1.0', " + py(wheelTag),
                "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):",
                "    filename = '%s-%s-%s.whl' % (NAME, VERSION, TAG)",
                "    info = '%s-%s.dist-info/' % (NAME, VERSION)",
                "    files = {NAME + '/__init__.py': 'BUILT = True\\n',",
                "             info + 'METADATA': 'Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n' % (NAME, VERSION),",
                "             info + 'WHEEL': 'Wheel-Version: 1.0\\nGenerator: test-backend\\nRoot-Is-Purelib: true\\nTag: %s\\n' % TAG}",
                "    record = ''",
                "    for path, text in files.items():",
                "        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()",
                "        record += '%s,sha256=%s,%d\\n' % (path, digest, len(text))",
                "    files[info + 'RECORD'] = record + info + 'RECORD,,\\n'",
                "    with zipfile.ZipFile(os.path.join(wheel_directory, filename), 'w') as wheel:",
                "        for path, text in files.items():",
                "            wheel.writestr(path, text)",
                "    return filename",
                "");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n");
        files.put("backend.py", backend);
        files.put("PKG-INFO", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n");
        files.put(name + "/__init__.py", "BUILT = True\n");
        Path sdist = wheels.resolve(name + "-1.0.tar.gz");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(sdist)))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name + "-1.0/" + file.getKey());
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        write("requirements.txt", Files.readString(app.resolve("requirements.txt")) + name + "==1.0\n");
        commit("add " + name);
    }

    private static String py(String text) {
        return "'" + text.replace("'", "\\'") + "'";
    }

    /** A dependency of some weight (random text, so it compresses like real code), for the benchmark. */
    void addHeavyDependency(int megabytes) throws Exception {
        java.util.Random random = new java.util.Random(42);
        Map<String, String> modules = new LinkedHashMap<>();
        for (int module = 0; module < megabytes; module++) {
            StringBuilder text = new StringBuilder(1 << 20);
            while (text.length() < (1 << 20)) text.append((char) ('a' + random.nextInt(26)));
            modules.put("heavy/module" + module + ".py", "DATA = '" + text + "'\n");
        }
        wheel("heavy", "1.0", "py3-none-any", modules, null, List.of());
        write("requirements.txt", Files.readString(app.resolve("requirements.txt")) + "heavy==1.0\n");
        for (int page = 0; page < 200; page++) write("sample/pages/page" + page + ".py", "TITLE = 'page " + page + "'\n");
        commit("heavier app");
    }

    /** The sha256 of a file of the wheel folder, as a requirements file pins it (--hash=sha256:...). */
    String hashOf(String fileName) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(wheels.resolve(fileName))));
    }

    /** requirements.txt pinning each dependency with the hash of its file, as uv export and pip-compile write it. */
    void pinWithHashes(Map<String, String> hashes) throws Exception {
        StringBuilder requirements = new StringBuilder();
        hashes.forEach((requirement, hash) -> requirements.append(requirement).append(" \\\n    --hash=sha256:").append(hash).append('\n'));
        write("requirements.txt", requirements.toString());
        commit("pin with hashes");
    }

    /** A small "python" base image pushed by jib: a stand-in interpreter and the site-packages folder. */
    static String pushBaseImage(LoopbackRegistry registry) throws Exception {
        Path folder = Files.createTempDirectory("labs-base");
        Path python = Files.writeString(folder.resolve("python"), "#!/bin/sh\necho stand-in python\n");
        Path os = Files.writeString(folder.resolve("os-release"), "PRETTY_NAME=\"stand-in bookworm\"\n");
        String image = registry.address.replace("127.0.0.1", "localhost") + "/base/python:3.11";
        Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(python, AbsoluteUnixPath.get("/usr/local/bin/python"), FilePermissions.fromOctalString("755"))
                        .addEntry(os, AbsoluteUnixPath.get("/etc/os-release"))
                        .build())
                .setEnvironment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8"))
                .setProgramArguments(List.of("python3"))
                .containerize(Containerizer.to(RegistryImage.named(image)).setAllowInsecureRegistries(true)
                        .setApplicationLayersCache(folder.resolve("cache")));
        PythonLayer.deleteRecursively(folder);
        return image;
    }

    /** The settings a deploy of this app needs here: the loopback registry, the jib-made base, the local wheels. */
    Cli cli(LoopbackRegistry registry, String baseImage) {
        return cli(new Cli(), registry, baseImage);
    }

    /** The same settings on a Cli that already has fakes (a live stack to roll out to). */
    Cli cli(Cli cli, LoopbackRegistry registry, String baseImage) {
        return cli.in(app)
                .env("HOME", root.toString())
                .env("PATH", System.getenv("PATH"))
                .env("LABS_IMAGE_REGISTRY", registry.address)
                .env("LABS_IMAGE_BASE", baseImage)
                .env("LABS_IMAGE_CACHE", cache.toString())
                .env("PIP_NO_INDEX", "1")
                .env("PIP_FIND_LINKS", wheels.toString());
    }

    void write(String relative, String content) throws IOException {
        Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    void commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", app.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(app);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + output);
        }
        return output.toString(StandardCharsets.UTF_8).strip();
    }

    Instant commitTime() throws Exception {
        return Instant.ofEpochSecond(Long.parseLong(git("show", "-s", "--format=%ct", "HEAD")));
    }

    void delete() {
        PythonLayer.deleteRecursively(root);
    }
}
