import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Python dependencies layer: the app's requirements installed on the build machine for the
 * image's platform (pip --target with --platform/--python-version/--implementation and
 * --only-binary=:all:), once per distinct input, into a cache folder whose {@code site-packages}
 * goes to the image's site-packages and whose {@code bin} (console scripts, their interpreter
 * line pointing at the image's Python) goes next to that Python.
 */
final class PythonLayer {
    /** What the dependencies are installed for. */
    record Target(String platform, String pythonVersion, String glibc, String interpreter) {
        String architecture() {
            return switch (platform) {
                case "linux/amd64" -> "x86_64";
                case "linux/arm64", "linux/arm64/v8" -> "aarch64";
                default -> throw LabsException.usage("labs.image.platform '" + platform
                        + "' is not supported for Python dependencies: use linux/amd64 or linux/arm64");
            };
        }

        /**
         * Every manylinux tag the base image's glibc accepts, newest first: pip matches --platform
         * tags exactly and does not widen manylinux_2_36 to the older tags that most wheels carry.
         */
        List<String> platformTags() {
            String[] parts = glibc.split("\\.");
            int minor;
            try {
                minor = Integer.parseInt(parts[1]);
                if (parts.length != 2 || !parts[0].equals("2")) throw new NumberFormatException();
            } catch (RuntimeException e) {
                throw LabsException.usage("labs.image.glibc must look like 2.36, got '" + glibc + "'");
            }
            String arch = architecture();
            int oldest = arch.equals("x86_64") ? 5 : 17;
            List<String> tags = new ArrayList<>();
            for (int m = minor; m >= oldest; m--) tags.add("manylinux_2_" + m + "_" + arch);
            if (minor >= 17) tags.add("manylinux2014_" + arch);
            if (arch.equals("x86_64") && minor >= 12) tags.add("manylinux2010_" + arch);
            if (arch.equals("x86_64")) tags.add("manylinux1_" + arch);
            return tags;
        }

        /** The image's site-packages, under the interpreter's prefix (/usr/local/bin/python → /usr/local/lib/pythonX.Y). */
        String sitePackages() {
            Path bin = Path.of(interpreter).getParent();
            Path prefix = bin == null ? null : bin.getParent();
            if (prefix == null) throw LabsException.usage("labs.image.python must be an absolute path such as /usr/local/bin/python3, got '" + interpreter + "'");
            return prefix.resolve("lib").resolve("python" + pythonVersion).resolve("site-packages").toString();
        }

        String scriptsFolder() {
            return Path.of(interpreter).getParent().toString();
        }
    }

    /** Where the app lists its dependencies. */
    record Source(List<Path> requirementFiles, Path uvLock, List<String> uvGroups, Set<String> basePackages) {
        boolean none() {
            return requirementFiles.isEmpty() && uvLock == null;
        }

        String describe(Path app) {
            if (uvLock != null) return app.relativize(uvLock) + " (uv, groups " + String.join(",", uvGroups) + ")";
            return String.join(", ", requirementFiles.stream().map(p -> app.relativize(p).toString()).toList());
        }
    }

    /** An installed set of dependencies: {@code site-packages} and {@code bin} under one folder. */
    record Installed(Path folder) {
        Path sitePackages() {
            return folder.resolve("site-packages");
        }

        Path scripts() {
            return folder.resolve("bin");
        }
    }

    private static final Pattern MISSING = Pattern.compile(
            "(?:No matching distribution found for|Could not find a version that satisfies the requirement) ([^\\s(;]+)");
    private static final Pattern INCLUDE = Pattern.compile("^\\s*(-r|-c|--requirement|--constraint)[=\\s]+(\\S+)");
    private static final Pattern REQUIREMENT_NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[|[=<>!~;@ ]|$)");
    private static final Pattern SHEBANG_PYTHON = Pattern.compile("^#!.*python[0-9.]*\\b.*$", Pattern.MULTILINE);

    private final Console console;
    private final Path app;
    private final Target target;
    private final Path cacheRoot;
    private final Map<String, String> environment;
    private final String buildPython;

    PythonLayer(Console console, Path app, Target target, Path cacheRoot, Map<String, String> environment,
            String buildPython) {
        this.console = console;
        this.app = app;
        this.target = target;
        this.cacheRoot = cacheRoot;
        this.environment = environment;
        this.buildPython = buildPython;
    }

    /**
     * The dependency files of an app: the configured requirement files, else requirements/production.txt
     * (with base.txt and labs.txt beside it), or requirements.txt, else uv.lock (exported with uv).
     */
    static Source findSource(Path app, String configuredRequirements, String uvGroups, String basePackages) {
        List<String> groups = splitList(uvGroups);
        Set<String> provided = new java.util.TreeSet<>(splitList(basePackages).stream().map(PythonLayer::normalizedName).toList());
        if (configuredRequirements != null && !configuredRequirements.isBlank()) {
            List<Path> files = new ArrayList<>();
            for (String name : splitList(configuredRequirements)) {
                Path file = app.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw LabsException.usage("labs.image.requirements names " + name + ", which is not a file in " + app);
                }
                files.add(file);
            }
            return new Source(files, null, groups, provided);
        }
        if (Files.isRegularFile(app.resolve("requirements/production.txt"))) {
            // As the Dockerfile does: production.txt only constrains by base.txt, it does not include it. A fork's
            // labs.txt (what labs adds to the app) comes last when present.
            List<Path> files = Stream.of("requirements/base.txt", "requirements/production.txt", "requirements/labs.txt").map(app::resolve)
                    .filter(Files::isRegularFile).toList();
            return new Source(files, null, groups, provided);
        }
        if (Files.isRegularFile(app.resolve("requirements.txt"))) {
            return new Source(List.of(app.resolve("requirements.txt")), null, groups, provided);
        }
        if (Files.isRegularFile(app.resolve("uv.lock"))) return new Source(List.of(), app.resolve("uv.lock"), groups, provided);
        return new Source(List.of(), null, groups, provided);
    }

    /** Package names compare like this (PEP 503): case-insensitive, runs of - _ . alike. */
    static String normalizedName(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    static List<String> splitList(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Stream.of(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Installs (or takes from the cache) the dependencies of {@code source}. */
    Installed install(Source source) {
        Map<String, String> inputs = inputsOf(source);
        String key = hash(inputs);
        Path cached = cacheRoot.resolve("python").resolve(key);
        if (Files.isDirectory(cached)) {
            console.detail("Python dependencies: unchanged (" + source.describe(app) + "), cached build " + key.substring(0, 12));
            return new Installed(cached);
        }
        console.info("Installing Python dependencies from " + source.describe(app) + " for " + target.platform()
                + ", Python " + target.pythonVersion() + " ...");
        Path work = createWork(cached.getParent());
        try {
            Path requirements = source.uvLock() != null ? exportUvLock(source, work) : null;
            List<Path> files = requirements != null ? List.of(requirements) : source.requirementFiles();
            if (!source.basePackages().isEmpty()) files = withoutBasePackages(files, source.basePackages(), work);
            Path staging = work.resolve("staging");
            pipInstall(files, staging.resolve("site-packages"), work);
            moveScripts(staging);
            compileIfSameVersion(staging.resolve("site-packages"), work);
            moveIntoCache(staging, cached);
            return new Installed(cached);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Another build of the same input that finished first has left the same result: keep that one. */
    private static void moveIntoCache(Path staging, Path cached) throws IOException {
        try {
            Files.move(staging, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            if (!Files.isDirectory(cached)) throw e;
        }
    }

    /**
     * Copies of the requirement files (and those they include) without the packages that the base
     * image provides, since pip --target cannot see what the base image has installed.
     */
    static List<Path> withoutBasePackages(List<Path> files, Set<String> basePackages, Path work) throws IOException {
        Path folder = Files.createDirectories(work.resolve("requirements-without-base-packages"));
        Map<Path, Path> copies = new java.util.HashMap<>();
        List<Path> filtered = new ArrayList<>();
        for (Path file : files) filtered.add(filterCopy(file.toAbsolutePath().normalize(), basePackages, folder, copies));
        return filtered;
    }

    private static Path filterCopy(Path file, Set<String> basePackages, Path folder, Map<Path, Path> copies)
            throws IOException {
        Path existing = copies.get(file);
        if (existing != null) return existing;
        Path copy = folder.resolve(copies.size() + "-" + file.getFileName());
        copies.put(file, copy);
        StringBuilder kept = new StringBuilder();
        boolean skippingContinuation = false;
        for (String line : read(file).split("\n", -1)) {
            if (skippingContinuation) {
                skippingContinuation = line.stripTrailing().endsWith("\\");
                continue;
            }
            Matcher include = INCLUDE.matcher(line);
            if (include.find()) {
                Path included = file.getParent().resolve(include.group(2)).normalize();
                if (Files.isRegularFile(included)) {
                    line = include.group(1) + " " + filterCopy(included, basePackages, folder, copies);
                }
            } else {
                Matcher requirement = REQUIREMENT_NAME.matcher(line);
                if (requirement.find() && basePackages.contains(normalizedName(requirement.group(1)))) {
                    skippingContinuation = line.stripTrailing().endsWith("\\");
                    continue;
                }
            }
            kept.append(line).append('\n');
        }
        Files.writeString(copy, kept.toString());
        return copy;
    }

    private Map<String, String> inputsOf(Source source) {
        Map<String, String> inputs = new TreeMap<>();
        inputs.put("target", target.toString());
        for (Path file : allRequirementFiles(source)) inputs.put(app.relativize(file).toString(), read(file));
        inputs.put("uv-groups", String.join(",", source.uvGroups()));
        inputs.put("base-packages", String.join(",", source.basePackages()));
        environment.forEach((name, value) -> {
            if (name.startsWith("PIP_") || name.startsWith("UV_")) inputs.put("env:" + name, value);
        });
        return inputs;
    }

    /** The listed files and those they include with -r / -c, so that a change in either rebuilds. */
    private Set<Path> allRequirementFiles(Source source) {
        Set<Path> files = new LinkedHashSet<>();
        if (source.uvLock() != null) {
            files.add(source.uvLock());
            Path pyproject = app.resolve("pyproject.toml");
            if (Files.isRegularFile(pyproject)) files.add(pyproject);
        }
        List<Path> pending = new ArrayList<>(source.requirementFiles());
        while (!pending.isEmpty()) {
            Path file = pending.remove(0).normalize();
            if (!files.add(file)) continue;
            for (String line : read(file).split("\n")) {
                Matcher include = INCLUDE.matcher(line);
                if (include.find()) {
                    Path included = file.getParent().resolve(include.group(2));
                    if (Files.isRegularFile(included)) pending.add(included);
                }
            }
        }
        return files;
    }

    private Path exportUvLock(Source source, Path work) {
        Path exported = work.resolve("requirements-from-uv.txt");
        List<String> command = new ArrayList<>(List.of("uv", "export", "--frozen", "--no-dev", "--no-hashes",
                "--no-emit-project", "--format", "requirements-txt", "--output-file", exported.toString()));
        for (String group : source.uvGroups()) command.addAll(List.of("--group", group));
        ProcessResult result = run(command, app, "uv");
        if (result.exitCode() != 0) {
            throw LabsException.failed("uv export failed for " + source.uvLock() + ":\n" + tail(result.output()));
        }
        return exported;
    }

    private void pipInstall(List<Path> requirementFiles, Path into, Path work) throws IOException {
        Path localWheels = work.resolve("built-wheels");
        Set<String> builtLocally = new LinkedHashSet<>();
        while (true) {
            List<String> command = pipCommand(requirementFiles, into, builtLocally.isEmpty() ? null : localWheels);
            ProcessResult result = run(command, app, "pip");
            if (result.exitCode() == 0) return;
            String missing = missingPackage(result.output());
            if (missing == null || !builtLocally.add(missing)) {
                throw LabsException.failed("pip could not install the Python dependencies for " + target.platform()
                        + ", Python " + target.pythonVersion() + ":\n" + tail(result.output()));
            }
            buildPureWheel(missing, localWheels);
            deleteRecursively(into);
        }
    }

    List<String> pipCommand(List<Path> requirementFiles, Path into, Path extraWheels) {
        List<String> command = new ArrayList<>(List.of(buildPython, "-m", "pip", "install", "--disable-pip-version-check",
                "--no-compile", "--no-warn-script-location", "--target", into.toString()));
        for (String tag : target.platformTags()) command.addAll(List.of("--platform", tag));
        command.addAll(List.of("--python-version", target.pythonVersion(), "--implementation", "cp",
                "--only-binary=:all:"));
        if (extraWheels != null) command.addAll(List.of("--find-links", extraWheels.toString()));
        for (Path file : requirementFiles) command.addAll(List.of("-r", file.toString()));
        return command;
    }

    static String missingPackage(String pipOutput) {
        Matcher matcher = MISSING.matcher(pipOutput);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * A package with no wheel for the target: build one from its source distribution here; that
     * only helps when the result is pure Python (py3-none-any), since a compiled one would be for
     * this machine, not for the image.
     */
    private void buildPureWheel(String requirement, Path into) throws IOException {
        console.detail("  " + requirement + " has no wheel for " + target.platform() + "; building it from source");
        Path built = Files.createDirectories(into.resolveSibling("wheel-" + Math.abs(requirement.hashCode())));
        ProcessResult result = run(List.of(buildPython, "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps",
                "--wheel-dir", built.toString(), requirement), app, "pip");
        List<Path> wheels = listWheels(built);
        if (result.exitCode() != 0 || wheels.isEmpty()) {
            throw LabsException.failed("The Python package " + requirement + " has no wheel for " + target.platform()
                    + ", Python " + target.pythonVersion() + ", and no source distribution could be built here ("
                    + lastLine(result.output()) + "). Use a base image that has it installed (labs.image.base) and list"
                    + " it in labs.image.base-packages, or provide a wheel (PIP_FIND_LINKS).");
        }
        for (Path wheel : wheels) {
            if (!wheel.getFileName().toString().endsWith("-none-any.whl")) {
                throw LabsException.failed("The Python package " + requirement + " needs compiling and has no wheel for "
                        + target.platform() + ", Python " + target.pythonVersion() + " (building it here gave "
                        + wheel.getFileName() + ", which would not run in the image). Use a base image that has it"
                        + " installed (labs.image.base) and list it in labs.image.base-packages.");
            }
            Files.createDirectories(into);
            Files.move(wheel, into.resolve(wheel.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Path> listWheels(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".whl")).sorted().toList();
        }
    }

    /** pip --target puts console scripts in bin/ with this machine's interpreter; the image has its own. */
    private void moveScripts(Path staging) throws IOException {
        Path pipScripts = staging.resolve("site-packages").resolve("bin");
        Path scripts = Files.createDirectories(staging.resolve("bin"));
        if (!Files.isDirectory(pipScripts)) return;
        try (Stream<Path> files = Files.list(pipScripts)) {
            for (Path script : files.sorted().toList()) {
                Path moved = scripts.resolve(script.getFileName());
                Files.move(script, moved);
                rewriteInterpreterLine(moved, target.interpreter());
            }
        }
        Files.delete(pipScripts);
    }

    static void rewriteInterpreterLine(Path script, String interpreter) throws IOException {
        byte[] bytes = Files.readAllBytes(script);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        String firstLine = end < 0 ? text : text.substring(0, end);
        if (!SHEBANG_PYTHON.matcher(firstLine).matches()) return;
        String rest = end < 0 ? "" : text.substring(end);
        Files.write(script, ("#!" + interpreter + rest).getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Byte code compiled with the same Python version as the image's, with hash-based (not
     * timestamp) invalidation so that the layer is the same for the same input.
     */
    private void compileIfSameVersion(Path sitePackages, Path work) {
        ProcessResult version = run(List.of(buildPython, "-c",
                "import sys; print('%d.%d' % sys.version_info[:2])"), work, "python");
        if (version.exitCode() != 0 || !version.output().strip().equals(target.pythonVersion())) return;
        run(List.of(buildPython, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                "-d", target.sitePackages(), sitePackages.toString()), work, "python");
    }

    record ProcessResult(int exitCode, String output) {
    }

    /** Runs a tool with the run's environment; pip's "Collecting ..." and "Processing ..." lines show as progress. */
    private ProcessResult run(List<String> command, Path directory, String tool) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, onPath(command.get(0), environment.get("PATH")));
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    output.append(line).append('\n');
                    if (line.startsWith("Collecting ") || line.startsWith("Processing ")) console.detail("  " + line.strip());
                });
            }
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw LabsException.failed(tool + " did not finish within 30 minutes");
            }
            return new ProcessResult(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw LabsException.usage("Cannot run " + command.get(0) + " (" + e.getMessage() + "): "
                    + (tool.equals("uv") ? "this app pins its dependencies in uv.lock; install uv, or name requirement files in labs.image.requirements"
                            : "the Python dependencies layer needs Python 3 with pip on this machine (labs.image.build-python)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while running " + tool);
        }
    }

    /** A bare command name found on the run's PATH (which a test or a caller may set), not only the JVM's. */
    static String onPath(String command, String path) {
        if (command.contains("/") || path == null) return command;
        for (String folder : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return candidate.toString();
        }
        return command;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    static String hash(Map<String, String> inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            inputs.forEach((name, value) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(value.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path createWork(Path parent) {
        try {
            return Files.createTempDirectory(Files.createDirectories(parent), "installing-");
        } catch (IOException e) {
            throw LabsException.usage("Cannot create the cache folder " + parent + ": " + e.getMessage()
                    + " (set labs.image.cache)");
        }
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
