import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Builds the app's image with jib-core, without a Docker daemon: the base image, then one layer
 * each for the Python dependencies, the entry scripts, the build-step output and the application
 * source, least often changed first, so that a code-only change uploads only the top layer.
 */
final class ImageBuild {
    static final String DEPENDENCIES = "python dependencies";
    static final String ENTRY_SCRIPTS = "entry scripts";
    static final String BUILD_OUTPUT = "build output";
    static final String SOURCE = "application source";
    /** Jib's own default for files it adds: reproducible, and not the build's time. */
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

    /** Where the image goes. */
    sealed interface Destination permits Destination.Registry, Destination.Tarball {
        /** A registry repository, with credentials when it needs them. */
        record Registry(String registry, String repository, String username, String password) implements Destination {
        }

        record Tarball(Path path, String repository) implements Destination {
        }
    }

    /** A named layer as jib receives it. */
    record NamedLayer(String name, FileEntriesLayer layer) {
    }

    /** The outcome: what a deploy rolls out and what the final line reports. */
    record Built(String image, String digest, List<String> tags, long totalBytes, long uploadedBytes,
            List<ImageProgress.LayerReport> layers, boolean pushed) {
        /** What a task definition names: REGISTRY/REPOSITORY@DIGEST, or the tarball's path. */
        String reference() {
            return pushed ? image + "@" + digest : image;
        }
    }

    private final Console console;
    private final Path app;
    private final ImageRecipe recipe;
    private final ProcessRunner runner;

    ImageBuild(Console console, Path app, ImageRecipe recipe, ProcessRunner runner) {
        this.console = console;
        this.app = app;
        this.recipe = recipe;
        this.runner = runner;
    }

    /**
     * The commit of the app folder; warns about uncommitted changes, which the tag then shows. Only a
     * tarball may be built without one, so that trying labs needs nothing but Java.
     */
    static GitState commit(Console console, Path app, ProcessRunner runner, boolean required) {
        GitState git = GitState.of(app, runner);
        boolean gitInstalled = runner.installed("git");
        String missing = gitInstalled ? app + " is not a git checkout with a commit" : "git is not installed and GITHUB_SHA names no commit";
        if (git == null && required) {
            throw LabsException.usage(missing + ": labs tags the image with the commit and labels it with its revision; "
                    + (gitInstalled ? "commit first, or try --to tar:PATH" : "install git, or set GITHUB_SHA to the checkout's full commit"));
        }
        if (git == null) {
            console.warn(missing + ": the image is tagged local and has no revision label");
            return GitState.none();
        }
        if (git.dirty()) {
            console.warn("The work tree has uncommitted changes: the image is tagged " + git.tag()
                    + " and its revision label names the last commit, which it does not match");
        }
        return git;
    }

    /**
     * Builds the image (or, with {@code fromDocker}, takes the local daemon's) and writes it to the
     * destination, tagged with the commit, and also latest in a registry.
     */
    Built build(GitState git, Destination destination, String title, String fromDocker) {
        List<String> tags = tags(git, destination instanceof Destination.Registry);
        if (fromDocker != null) {
            console.info("Pushing " + fromDocker + " from the local Docker daemon as " + describe(destination, tags));
            return write(fromDocker(fromDocker, git, title), destination, tags, List.of());
        }
        console.info("Building " + describe(destination, tags) + " on " + recipe.base());
        List<NamedLayer> layers = layers();
        return write(container(layers, git, title, destination), destination, tags,
                layers.stream().map(NamedLayer::name).toList());
    }

    /** The tags every builder gives the image: the commit (marked -dirty), and latest in a registry. */
    static List<String> tags(GitState git, boolean registry) {
        List<String> tags = new ArrayList<>(List.of(git.tag()));
        if (registry) tags.add("latest");
        return tags;
    }

    static String describe(Destination destination, List<String> tags) {
        if (destination instanceof Destination.Tarball tarball) return tarball.path().toString();
        Destination.Registry registry = (Destination.Registry) destination;
        return registry.registry() + "/" + registry.repository() + ":" + String.join(", :", tags);
    }

    /** Runs the configured build command, then assembles the layers from the app folder. */
    private List<NamedLayer> layers() {
        List<NamedLayer> layers = new ArrayList<>();
        PythonLayer python = new PythonLayer(console, app, recipe.python(), recipe.cache(), runner, recipe.buildPython(),
                recipe.installer(), recipe.indexUrl());
        PythonLayer.Source source = PythonLayer.findSource(app, recipe.requirements(), recipe.uvGroups(),
                recipe.basePackages());
        PythonLayer.Installed installed = null;
        if (source.none()) {
            console.detail("No Python dependencies found (requirements.txt, requirements/production.txt, uv.lock): no dependencies layer");
        } else {
            installed = python.install(source);
            layers.add(new NamedLayer(DEPENDENCIES, dependenciesLayer(installed)));
        }
        entryScriptsLayer().ifPresent(layer -> layers.add(new NamedLayer(ENTRY_SCRIPTS, layer)));
        runBuildCommand(installed);
        buildOutputLayer().ifPresent(layer -> layers.add(new NamedLayer(BUILD_OUTPUT, layer)));
        layers.add(new NamedLayer(SOURCE, sourceLayer()));
        return layers;
    }

    private FileEntriesLayer dependenciesLayer(PythonLayer.Installed installed) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(DEPENDENCIES);
        AbsoluteUnixPath sitePackages = AbsoluteUnixPath.get(recipe.python().sitePackages());
        for (String file : filesUnder(installed.sitePackages())) {
            layer.addEntry(new FileEntry(installed.sitePackages().resolve(file), sitePackages.resolve(file), READABLE,
                    FILE_TIME));
        }
        AbsoluteUnixPath scripts = AbsoluteUnixPath.get(recipe.python().scriptsFolder());
        for (String file : filesUnder(installed.scripts())) {
            layer.addEntry(new FileEntry(installed.scripts().resolve(file), scripts.resolve(file), EXECUTABLE, FILE_TIME));
        }
        AbsoluteUnixPath prefix = AbsoluteUnixPath.get(recipe.python().prefix().toString());
        for (String file : filesUnder(installed.data())) {
            layer.addEntry(new FileEntry(installed.data().resolve(file), prefix.resolve(file), READABLE, FILE_TIME));
        }
        return layer.build();
    }

    /** The entry scripts folder goes to / with mode 0755, as the Dockerfile's COPY ./docker/* / and chmod +x do. */
    private Optional<FileEntriesLayer> entryScriptsLayer() {
        Path folder = app.resolve(recipe.entryScripts());
        if (!Files.isDirectory(folder)) {
            console.detail("No entry scripts folder " + recipe.entryScripts() + "/ (labs.image.entry-scripts): no entry scripts layer");
            return Optional.empty();
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(ENTRY_SCRIPTS);
        for (String file : filesUnder(folder)) {
            layer.addEntry(new FileEntry(folder.resolve(file), AbsoluteUnixPath.get("/" + file), EXECUTABLE, FILE_TIME,
                    recipe.user()));
        }
        return Optional.of(layer.build());
    }

    private void runBuildCommand(PythonLayer.Installed installed) {
        if (recipe.buildCommand() == null || recipe.buildCommand().isBlank()) return;
        console.info("Running the build command: " + recipe.buildCommand());
        ProcessRunner.Command command = ProcessRunner.Command.of("sh", "-c", recipe.buildCommand()).in(app)
                .named("The build command (labs.image.build-command) `" + recipe.buildCommand() + "`")
                .within(Duration.ofHours(1)).onLine(line -> console.detail("  " + line));
        if (installed != null) command = command.env("LABS_SITE_PACKAGES", installed.sitePackages().toString());
        runner.run(command).outputOrFail();
    }

    private Optional<FileEntriesLayer> buildOutputLayer() {
        if (recipe.buildOutput().isEmpty()) return Optional.empty();
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(BUILD_OUTPUT);
        AbsoluteUnixPath workingDirectory = AbsoluteUnixPath.get(recipe.workingDirectory());
        for (String output : recipe.buildOutput()) {
            Path folder = app.resolve(output);
            if (!Files.isDirectory(folder)) {
                throw LabsException.failed("labs.image.build-output names " + output + ", but the build command did not create "
                        + folder);
            }
            String prefix = app.relativize(folder).toString().replace('\\', '/');
            for (String file : filesUnder(folder)) {
                layer.addEntry(new FileEntry(folder.resolve(file), workingDirectory.resolve(prefix + "/" + file),
                        permissionsOf(folder.resolve(file)), FILE_TIME, recipe.user()));
            }
        }
        return Optional.of(layer.build());
    }

    /** The app folder as the Dockerfile's COPY . /app sees it through .dockerignore, less the build output. */
    private FileEntriesLayer sourceLayer() {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(SOURCE);
        AbsoluteUnixPath workingDirectory = AbsoluteUnixPath.get(recipe.workingDirectory());
        Set<String> buildOutput = Set.copyOf(recipe.buildOutput().stream()
                .map(o -> app.relativize(app.resolve(o).normalize()).toString().replace('\\', '/')).toList());
        for (String file : DockerIgnore.read(app).includedFiles(app, buildOutput)) {
            layer.addEntry(new FileEntry(app.resolve(file), workingDirectory.resolve(file), permissionsOf(app.resolve(file)),
                    FILE_TIME, recipe.user()));
        }
        return layer.build();
    }

    /** Keeps the executable bit, as COPY does (git records it too, so it is the same on every machine). */
    private static FilePermissions permissionsOf(Path file) {
        return Files.isExecutable(file) ? EXECUTABLE : READABLE;
    }

    private static List<String> filesUnder(Path folder) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container around the layers: base image, platform, entrypoint, command, user, environment, port, labels. */
    private JibContainerBuilder container(List<NamedLayer> layers, GitState git, String title, Destination destination) {
        JibContainerBuilder container = baseImage(destination);
        String[] platform = recipe.platform().split("/");
        container.setPlatforms(Set.of(new Platform(platform.length > 1 ? platform[1] : "amd64", platform[0])));
        layers.forEach(layer -> container.addFileEntriesLayer(layer.layer()));
        container.setEntrypoint(recipe.entrypoint().isEmpty() ? null : recipe.entrypoint());
        container.setProgramArguments(recipe.command().isEmpty() ? null : recipe.command());
        container.setWorkingDirectory(AbsoluteUnixPath.get(recipe.workingDirectory()));
        container.setUser(recipe.user());
        recipe.environment().forEach(container::addEnvironmentVariable);
        container.addExposedPort(Port.tcp(recipe.port()));
        labels(git, title).forEach(container::addLabel);
        container.setCreationTime(git.commitTime());
        return container;
    }

    /** An image built by a local Docker daemon (for bases that need OS packages), relabelled with the commit. */
    private JibContainerBuilder fromDocker(String image, GitState git, String title) {
        try {
            JibContainerBuilder container = Jib.from(DockerDaemonImage.named(image)
                    .setDockerExecutable(Path.of(recipe.docker())).setDockerEnvironment(runner.environmentOverInherited()));
            labels(git, title).forEach(container::addLabel);
            container.setCreationTime(git.commitTime());
            return container;
        } catch (InvalidImageReferenceException e) {
            throw LabsException.usage("--from-docker takes an image name such as myapp:latest, got '" + image + "'");
        }
    }

    /** OCI annotations from git: revision, source, created (the commit's time, so that a rebuild gives the same digest). */
    Map<String, String> labels(GitState git, String title) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", title);
        if (git.revision() != null) labels.put("org.opencontainers.image.revision", git.revision());
        labels.put("org.opencontainers.image.version", git.tag());
        labels.put("org.opencontainers.image.created", git.commitTime().toString());
        String source = recipe.source() != null ? recipe.source() : git.remoteUrl();
        if (source != null) labels.put("org.opencontainers.image.source", source);
        return labels;
    }

    /** A base image in the registry the image goes to (e.g. a base with OS packages in the same ECR) is read with the same login. */
    private JibContainerBuilder baseImage(Destination destination) {
        if (recipe.base().equals("scratch")) return Jib.fromScratch();
        try {
            if (destination instanceof Destination.Registry registry && registry.username() != null
                    && recipe.base().startsWith(registry.registry() + "/")) {
                return Jib.from(RegistryImage.named(recipe.base()).addCredential(registry.username(), registry.password()));
            }
            return Jib.from(recipe.base());
        } catch (InvalidImageReferenceException e) {
            throw LabsException.usage("labs.image.base '" + recipe.base() + "' is not an image reference");
        }
    }

    /** Builds and writes the image, printing progress per layer and a final summary line. */
    private Built write(JibContainerBuilder container, Destination destination, List<String> tags, List<String> layerNames) {
        ImageProgress progress = new ImageProgress(console);
        Containerizer containerizer = containerizer(destination, tags).addEventHandler(progress::accept)
                .setToolName("labs")
                .setBaseImageLayersCache(recipe.cache().resolve("jib-base"))
                .setApplicationLayersCache(recipe.cache().resolve("jib-layers"))
                .setAllowInsecureRegistries(isLoopback(destination) || isLoopback(recipe.base()));
        JibContainer result;
        try {
            result = container.containerize(containerizer);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), destination);
        } catch (RegistryException | IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw failure(e, destination);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while building the image");
        }
        String digest = result.getDigest().toString();
        if (destination instanceof Destination.Tarball tarball) {
            long size = sizeOf(tarball.path());
            console.info("Wrote " + tarball.path() + ": digest " + digest + ", " + ImageProgress.bytes(size));
            return new Built(tarball.path().toString(), digest, tags, size, 0, List.of(), false);
        }
        Destination.Registry registry = (Destination.Registry) destination;
        String image = registry.registry() + "/" + registry.repository();
        OciRegistry.Manifest manifest = readBack(registry, digest);
        if (manifest == null) {
            long uploaded = progress.uploadedBytes();
            console.info("Pushed " + image + ":" + String.join(", :", tags) + "  digest " + digest + ", uploaded "
                    + ImageProgress.bytes(uploaded) + " besides the manifest");
            return new Built(image, digest, tags, -1, uploaded, List.of(), true);
        }
        List<ImageProgress.LayerReport> layers = progress.report(manifest, layerNames);
        long uploaded = progress.uploadedBytes() + progress.manifestsPushed() * manifest.bytes();
        console.info("Pushed " + image + ":" + String.join(", :", tags) + "  digest " + digest + ", total size "
                + ImageProgress.bytes(manifest.totalBytes()) + ", uploaded " + ImageProgress.bytes(uploaded));
        return new Built(image, digest, tags, manifest.totalBytes(), uploaded, layers, true);
    }

    /**
     * The pushed manifest, for the per-layer report; the push has succeeded already, so a registry
     * that will not show it (one that wants a token login, say) costs only the report.
     */
    private OciRegistry.Manifest readBack(Destination.Registry registry, String digest) {
        try {
            return new OciRegistry(registry.registry(), registry.username(), registry.password(), isLoopback(registry))
                    .manifest(registry.repository(), digest);
        } catch (LabsException e) {
            console.detail("  (no per-layer report: " + e.getMessage() + ")");
            return null;
        }
    }

    private Containerizer containerizer(Destination destination, List<String> tags) {
        try {
            if (destination instanceof Destination.Tarball tarball) {
                return Containerizer.to(TarImage.at(tarball.path()).named(tarball.repository() + ":" + tags.get(0)));
            }
            Destination.Registry registry = (Destination.Registry) destination;
            RegistryImage image = RegistryImage.named(ImageReference.parse(registry.registry() + "/"
                    + registry.repository() + ":" + tags.get(0)));
            if (registry.username() != null) image.addCredential(registry.username(), registry.password());
            Containerizer containerizer = Containerizer.to(image);
            tags.stream().skip(1).forEach(containerizer::withAdditionalTag);
            return containerizer;
        } catch (InvalidImageReferenceException e) {
            throw LabsException.usage("Not a valid image name: " + e.getMessage());
        }
    }

    private LabsException failure(Throwable cause, Destination destination) {
        String where = destination instanceof Destination.Registry r ? r.registry() + "/" + r.repository()
                : ((Destination.Tarball) destination).path().toString();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof LabsException labs) return labs;
        if (cause instanceof com.google.cloud.tools.jib.api.RegistryUnauthorizedException) {
            return new LabsException(LabsException.FAILED, "The registry refused the credentials for " + where
                    + ": " + message, cause);
        }
        if (cause instanceof UnknownHostException || cause instanceof java.net.ConnectException
                || message.contains("Connection refused")) {
            return new LabsException(LabsException.FAILED, "Cannot reach the registry of the base image " + recipe.base()
                    + " or of " + where + " (" + message + "): check the network, or set labs.image.base to an image you can reach", cause);
        }
        return new LabsException(LabsException.FAILED, "Building or pushing the image to " + where + " failed: " + message,
                cause);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isLoopback(Destination destination) {
        return destination instanceof Destination.Registry registry && isLoopback(registry.registry());
    }

    /** A registry on this machine may speak plain HTTP; anywhere else HTTPS is required. */
    static boolean isLoopback(String registryOrImage) {
        String host = registryOrImage.replaceFirst("^[a-z]+://", "").split("/")[0];
        if (host.startsWith("[")) host = host.substring(1, host.indexOf(']'));
        else host = host.split(":")[0];
        if (host.equals("localhost")) return true;
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
