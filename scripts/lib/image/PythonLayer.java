import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Python dependencies layer: the app's locked requirements installed for the image's platform,
 * by labs itself from wheels (scripts/lib/wheels, no Python needed here) or, with
 * labs.image.installer=pip, by the build machine's pip (--target with --platform/--python-version/
 * --implementation and --only-binary=:all:), once per distinct input, into a cache folder whose
 * {@code site-packages} goes to the image's site-packages, whose {@code bin} (console scripts, their
 * interpreter line pointing at the image's Python) goes next to that Python, and whose {@code data}
 * (headers and data files of wheels) goes under the interpreter's prefix.
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

        /** 3.11 of 3.11 or 3.11.9: the official images name the full version in PYTHON_VERSION, which markers can compare. */
        String majorMinor() {
            if (!pythonVersion.matches("3\\.\\d+(\\.\\d+)?")) {
                throw LabsException.usage("labs.image.python-version must look like 3.11 or 3.11.9, got '" + pythonVersion + "'");
            }
            String[] parts = pythonVersion.split("\\.");
            return parts[0] + "." + parts[1];
        }

        /** The image's site-packages, under the interpreter's prefix (/usr/local/bin/python → /usr/local/lib/pythonX.Y). */
        String sitePackages() {
            return prefix().resolve("lib").resolve("python" + majorMinor()).resolve("site-packages").toString();
        }

        /** The interpreter's prefix: /usr/local for /usr/local/bin/python. */
        Path prefix() {
            Path bin = Path.of(interpreter).getParent();
            Path prefix = bin == null ? null : bin.getParent();
            if (prefix == null) throw LabsException.usage("labs.image.python must be an absolute path such as /usr/local/bin/python3, got '" + interpreter + "'");
            return prefix;
        }

        /** The same target as the wheel installer sees it. */
        WheelTarget wheelTarget() {
            platformTags();
            majorMinor();
            prefix();
            return new WheelTarget(platform, architecture(), pythonVersion, Integer.parseInt(glibc.split("\\.")[1]), interpreter);
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

    /** An installed set of dependencies: {@code site-packages}, {@code bin} and {@code data} under one folder. */
    record Installed(Path folder) {
        Path sitePackages() {
            return folder.resolve("site-packages");
        }

        Path scripts() {
            return folder.resolve("bin");
        }

        /** Files for the interpreter's prefix: wheels' headers and data schemes. */
        Path data() {
            return folder.resolve("data");
        }
    }

    static final String LABS = "labs";
    static final String PIP = "pip";
    private static final Pattern MISSING = Pattern.compile(
            "(?:No matching distribution found for|Could not find a version that satisfies the requirement) ([^\\s(;]+)");
    private static final Pattern INCLUDE = Pattern.compile("^\\s*(-r|-c|--requirement|--constraint)[=\\s]+(\\S+)");
    private static final Pattern REQUIREMENT_NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[|[=<>!~;@ ]|$)");
    private static final Pattern HASH_OPTION = Pattern.compile("(^|\\s)--hash[=\\s]");
    /** pip's comments: from a # at the start of a line or after whitespace. */
    private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
    private static final Pattern SHEBANG_PYTHON = Pattern.compile("^#!.*python[0-9.]*\\b.*$", Pattern.MULTILINE);

    private final Console console;
    private final Path app;
    private final Target target;
    private final Path cacheRoot;
    private final ProcessRunner runner;
    private final String buildPython;
    private final String installer;
    private final String indexUrl;

    /**
     * @param installer labs (wheels installed by labs) or pip (the build machine's pip)
     * @param indexUrl the package index for requirement files that name none (labs.image.index-url)
     */
    PythonLayer(Console console, Path app, Target target, Path cacheRoot, ProcessRunner runner, String buildPython, String installer,
            String indexUrl) {
        this.console = console;
        this.app = app;
        this.target = target;
        this.cacheRoot = cacheRoot;
        this.runner = runner;
        this.buildPython = buildPython;
        if (!installer.equals(LABS) && !installer.equals(PIP)) {
            throw LabsException.usage("labs.image.installer must be labs or pip, got '" + installer + "'");
        }
        this.installer = installer;
        this.indexUrl = indexUrl;
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
                + ", Python " + target.pythonVersion() + (installer.equals(PIP) ? " with pip" : "") + " ...");
        Path work = createWork(cached.getParent());
        try {
            Path staging = work.resolve("staging");
            if (installer.equals(LABS)) installWheels(source, staging);
            else installWithPip(source, work, staging);
            moveIntoCache(staging, cached);
            return new Installed(cached);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(work);
        }
    }

    /** The pip installer: the build machine's pip, into staging. */
    private void installWithPip(Source source, Path work, Path staging) throws IOException {
        Path requirements = source.uvLock() != null ? exportUvLock(source, work) : null;
        List<Path> files = requirements != null ? List.of(requirements) : source.requirementFiles();
        if (!source.basePackages().isEmpty()) files = withoutBasePackages(files, source.basePackages(), work);
        boolean hashes = pinsHashes(files);
        if (hashes) console.detail("The requirements pin hashes: pip checks every file against them (--require-hashes)");
        pipInstall(files, hashes, staging.resolve("site-packages"), work);
        moveScripts(staging);
        compileIfSameVersion(staging.resolve("site-packages"), work);
    }

    /** The labs installer: the lock's wheels for the image, downloaded and unpacked into staging, no Python needed. */
    private void installWheels(Source source, Path staging) throws IOException {
        WheelInstall wheels = new WheelInstall(console, target.wheelTarget(), cacheRoot.resolve("wheels"));
        List<LockedPackage> packages = source.uvLock() != null
                ? wheels.fromUvLock(source.uvLock(), source.uvGroups(), source.basePackages())
                : wheels.fromRequirements(source.requirementFiles(), indexUrl, source.basePackages());
        InstallLayout layout = InstallLayout.under(staging);
        for (Path folder : List.of(layout.sitePackages(), layout.scripts(), layout.prefix())) Files.createDirectories(folder);
        wheels.install(packages, layout, source.uvLock() == null, source.basePackages());
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
        return without(files, basePackages, work.resolve("requirements-without-base-packages"));
    }

    /** Copies of the requirement files (and those they include) without the named packages' lines. */
    private static List<Path> without(List<Path> files, Set<String> packages, Path into) throws IOException {
        Path folder = Files.createDirectories(into);
        Map<Path, Path> copies = new java.util.HashMap<>();
        List<Path> filtered = new ArrayList<>();
        for (Path file : files) filtered.add(filterCopy(file.toAbsolutePath().normalize(), packages, folder, copies));
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
        inputs.put("installer", installer);
        if (installer.equals(LABS)) inputs.put("index-url", indexUrl);
        for (Path file : allRequirementFiles(source)) inputs.put(app.relativize(file).toString(), read(file));
        inputs.put("uv-groups", String.join(",", source.uvGroups()));
        inputs.put("base-packages", String.join(",", source.basePackages()));
        runner.environment().forEach((name, value) -> {
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
        files.addAll(withIncludes(source.requirementFiles()));
        return files;
    }

    private static Set<Path> withIncludes(List<Path> requirementFiles) {
        Set<Path> files = new LinkedHashSet<>();
        List<Path> pending = new ArrayList<>(requirementFiles);
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

    /** Whether the requirement files (or those they include) pin hashes, as uv export and pip-compile --generate-hashes write them. */
    static boolean pinsHashes(List<Path> requirementFiles) {
        return withIncludes(requirementFiles).stream().flatMap(file -> read(file).lines())
                .anyMatch(line -> HASH_OPTION.matcher(COMMENT.matcher(line).replaceFirst("")).find());
    }

    /**
     * The whole entry (continuation lines, and so its --hash options, included) that pins a package
     * in the requirement files or those they include; null when none does.
     */
    static String pinnedEntry(List<Path> requirementFiles, String packageName) {
        for (Path file : withIncludes(requirementFiles)) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher requirement = REQUIREMENT_NAME.matcher(lines[i]);
                if (!requirement.find() || !normalizedName(requirement.group(1)).equals(packageName)) continue;
                StringBuilder entry = new StringBuilder(lines[i]).append('\n');
                while (lines[i].stripTrailing().endsWith("\\") && ++i < lines.length) entry.append(lines[i]).append('\n');
                return entry.toString();
            }
        }
        return null;
    }

    private Path exportUvLock(Source source, Path work) {
        Path exported = work.resolve("requirements-from-uv.txt");
        // With their hashes (uv's default), so that pip checks each file against the lock.
        List<String> command = new ArrayList<>(List.of("uv", "export", "--frozen", "--no-dev", "--no-emit-project",
                "--format", "requirements-txt", "--output-file", exported.toString()));
        for (String group : source.uvGroups()) command.addAll(List.of("--group", group));
        ProcessRunner.Result result = run(ProcessRunner.Command.of(command).named("uv export"), "uv");
        if (!result.succeeded()) throw LabsException.failed("Cannot export " + source.uvLock() + ": " + result.failure());
        return exported;
    }

    /**
     * pip install, and for each package that has no wheel for the image, a wheel built here from its
     * source distribution and the install again. With hashes, the built wheel replaces the package's
     * pinned entry as a file requirement with the wheel's own hash, since the pins name only the
     * published files; the source distribution it came from was checked against the pins.
     */
    private void pipInstall(List<Path> requirementFiles, boolean hashes, Path into, Path work) throws IOException {
        Path localWheels = work.resolve("built-wheels");
        Set<String> builtLocally = new LinkedHashSet<>();
        List<Path> files = requirementFiles;
        while (true) {
            List<String> command = pipCommand(files, hashes, into, builtLocally.isEmpty() ? null : localWheels);
            ProcessRunner.Result result = run(ProcessRunner.Command.of(command).named("pip install"), "pip");
            if (result.succeeded()) return;
            String mismatch = hashMismatch(result.output());
            if (mismatch != null) throw LabsException.failed(mismatch);
            String missing = missingPackage(result.output());
            if (missing == null || !builtLocally.add(missing)) {
                throw LabsException.failed("pip could not install the Python dependencies for " + target.platform()
                        + ", Python " + target.pythonVersion() + ": " + result.failure());
            }
            buildPureWheel(missing, hashes ? requirementFiles : null, localWheels, work);
            if (hashes) files = withBuiltWheels(requirementFiles, builtLocally, localWheels, work);
            deleteRecursively(into);
        }
    }

    private List<String> pipCommand(List<Path> requirementFiles, boolean hashes, Path into, Path extraWheels) {
        List<String> command = new ArrayList<>(List.of(buildPython, "-m", "pip", "install", "--disable-pip-version-check",
                "--no-compile", "--no-warn-script-location", "--target", into.toString()));
        for (String tag : target.platformTags()) command.addAll(List.of("--platform", tag));
        command.addAll(List.of("--python-version", target.pythonVersion(), "--implementation", "cp",
                "--only-binary=:all:"));
        if (hashes) command.add("--require-hashes");
        if (extraWheels != null) command.addAll(List.of("--find-links", extraWheels.toString()));
        for (Path file : requirementFiles) command.addAll(List.of("-r", file.toString()));
        return command;
    }

    /** The requirement files without the packages built here, and a file that names their wheels with their hashes. */
    private static List<Path> withBuiltWheels(List<Path> requirementFiles, Set<String> builtLocally, Path localWheels,
            Path work) throws IOException {
        Set<String> names = new java.util.TreeSet<>(builtLocally.stream().map(PythonLayer::requirementName).toList());
        Path folder = work.resolve("requirements-with-built-wheels");
        PythonLayer.deleteRecursively(folder);
        List<Path> files = new ArrayList<>(without(requirementFiles, names, folder));
        StringBuilder wheels = new StringBuilder();
        for (Path wheel : listWheels(localWheels)) {
            String name = wheel.getFileName().toString().split("-")[0];
            wheels.append(name).append(" @ ").append(wheel.toUri()).append(" --hash=sha256:").append(sha256(wheel)).append('\n');
        }
        files.add(Files.writeString(folder.resolve("built-here.txt"), wheels.toString()));
        return files;
    }

    static String missingPackage(String pipOutput) {
        Matcher matcher = MISSING.matcher(pipOutput);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The normalized name of a requirement such as Django==4.2 or gunicorn[gevent]>=21. */
    static String requirementName(String requirement) {
        Matcher name = REQUIREMENT_NAME.matcher(requirement);
        return normalizedName(name.find() ? name.group(1) : requirement);
    }

    /** One line for pip's "THESE PACKAGES DO NOT MATCH THE HASHES" report: which package, which hash was pinned, which was found. */
    static String hashMismatch(String pipOutput) {
        int report = pipOutput.indexOf("DO NOT MATCH THE HASHES");
        if (report < 0) return null;
        String packageName = null;
        String expected = null;
        String got = null;
        for (String line : pipOutput.substring(report).lines().skip(1).map(String::strip).toList()) {
            if (packageName == null && line.contains(" from ")) packageName = line.substring(0, line.indexOf(" from "));
            else if (expected == null && line.startsWith("Expected ")) expected = line.substring("Expected ".length()).strip();
            else if (got == null && line.startsWith("Got ")) got = line.substring("Got ".length()).strip();
        }
        return "The Python package " + (packageName == null ? "that pip names" : packageName) + " does not match the hash"
                + " pinned in the requirements (expected " + expected + ", got " + got + "): the file pip found is not the"
                + " one the requirements were locked with. Re-lock if the package was meant to change (uv lock,"
                + " pip-compile --generate-hashes); otherwise check where it came from (PIP_INDEX_URL, PIP_FIND_LINKS).";
    }

    /**
     * A package with no wheel for the target: build one from its source distribution here; that
     * only helps when the result is pure Python (py3-none-any), since a compiled one would be for
     * this machine, not for the image.
     */
    private void buildPureWheel(String requirement, List<Path> hashedFiles, Path into, Path work) throws IOException {
        console.detail("  " + requirement + " has no wheel for " + target.platform() + "; building it from source");
        Path built = Files.createDirectories(into.resolveSibling("wheel-" + Math.abs(requirement.hashCode())));
        List<String> command = new ArrayList<>(List.of(buildPython, "-m", "pip", "wheel", "--disable-pip-version-check",
                "--no-deps", "--wheel-dir", built.toString()));
        if (hashedFiles == null) {
            command.add(requirement);
        } else {
            command.addAll(List.of("--require-hashes", "-r", pinnedEntryFile(hashedFiles, requirement, work).toString()));
        }
        ProcessRunner.Result result = run(ProcessRunner.Command.of(command).named("pip wheel " + requirement), "pip");
        String mismatch = hashMismatch(result.output());
        if (mismatch != null) throw LabsException.failed(mismatch);
        List<Path> wheels = listWheels(built);
        if (result.exitCode() != 0 || wheels.isEmpty()) {
            throw LabsException.failed("The Python package " + requirement + " has no wheel for " + target.platform()
                    + ", Python " + target.pythonVersion() + ", and no source distribution could be built here ("
                    + result.lastLine() + "). Use a base image that has it installed (labs.image.base) and list"
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

    /** The package's pinned entry alone, so that pip wheel checks the source distribution against its hashes. */
    private static Path pinnedEntryFile(List<Path> hashedFiles, String requirement, Path work) throws IOException {
        String entry = pinnedEntry(hashedFiles, requirementName(requirement));
        if (entry == null) {
            throw LabsException.failed("pip names " + requirement + ", which the requirements do not pin with a hash");
        }
        return Files.writeString(work.resolve("pinned-" + requirementName(requirement) + ".txt"), entry);
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
        ProcessRunner.Result version = run(ProcessRunner.Command.of(buildPython, "-c",
                "import sys; print('%d.%d' % sys.version_info[:2])").in(work), "python");
        if (!version.succeeded() || !version.output().strip().equals(target.majorMinor())) return;
        run(ProcessRunner.Command.of(buildPython, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                "-d", target.sitePackages(), sitePackages.toString()).in(work), "python");
    }

    /**
     * Runs a Python tool in the app folder (unless the command says otherwise) for at most 30 minutes;
     * pip's "Collecting ..." and "Processing ..." lines show as progress.
     */
    private ProcessRunner.Result run(ProcessRunner.Command command, String tool) {
        ProcessRunner.Command withDefaults = command.directory() == null ? command.in(app) : command;
        try {
            return runner.run(withDefaults.within(Duration.ofMinutes(30)).onLine(line -> {
                if (line.startsWith("Collecting ") || line.startsWith("Processing ")) console.detail("  " + line.strip());
            }));
        } catch (ProcessRunner.CannotStart e) {
            throw LabsException.usage(e.getMessage() + ": "
                    + (tool.equals("uv") ? "this app pins its dependencies in uv.lock; install uv, or name requirement files in labs.image.requirements"
                            : "the Python dependencies layer needs Python 3 with pip on this machine (labs.image.build-python)"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
