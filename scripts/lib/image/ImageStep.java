import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The build step of a deploy: where the image goes (the stack's ECR repository, the registry
 * override, or a tarball), then build and push. Everything but the ECR login works without AWS.
 */
final class ImageStep {
    /**
     * @param to null for a registry, or "tar:PATH"
     * @param fromDocker an image of the local Docker daemon to push instead of building one, or null
     * @param environment NAME=VALUE pairs for the image (--env)
     * @param timeout how long a remote build may take
     */
    record Request(Path app, String to, String fromDocker, List<String> environment, Duration timeout) {
    }

    private ImageStep() {
    }

    /** Picks the builder, which builds and writes the image; the step summary names it. */
    static ImageBuild.Built run(LabsOptions labs, Request request) {
        ImageBuild.Built built = build(labs, request);
        labs.console().summary("**Image** `" + built.reference() + "` (tags " + String.join(", ", built.tags())
                + (built.uploadedBytes() > 0 ? "; uploaded " + ImageProgress.bytes(built.uploadedBytes()) : "") + ")");
        return built;
    }

    private static ImageBuild.Built build(LabsOptions labs, Request request) {
        Path app = (request.app() == null ? labs.context().workingDirectory() : labs.context().workingDirectory().resolve(request.app()))
                .toAbsolutePath().normalize();
        if (request.to() != null) destinationPath(labs, request.to());
        ProcessRunner runner = new ProcessRunner(labs.context().environment());
        BuilderChoice.Choice choice = choose(labs, app, request, runner);
        labs.console().info("Builder: " + choice.builder().label() + " (" + choice.reason() + ")");
        return switch (choice.builder()) {
            case JIB -> jib(labs, app, request, runner);
            case CODEBUILD -> codeBuild(labs, app, request, runner);
            case DOCKER -> docker(labs, app, request, runner);
        };
    }

    private static BuilderChoice.Choice choose(LabsOptions labs, Path app, Request request, ProcessRunner runner) {
        Resolved requested = labs.config().resolve(Setting.IMAGE_BUILDER);
        String dockerfile = labs.config().get(Setting.IMAGE_DOCKERFILE);
        String docker = labs.config().get(Setting.IMAGE_DOCKER);
        return BuilderChoice.decide(new BuilderChoice.Facts(requested.value(), requested.source(), dockerfile,
                Files.isRegularFile(app.resolve(dockerfile)), request.to() != null, labs.config().get(Setting.IMAGE_REGISTRY) != null,
                request.fromDocker() != null, () -> DockerCli.daemonAnswers(docker, runner)));
    }

    private static ImageBuild.Built codeBuild(LabsOptions labs, Path app, Request request, ProcessRunner runner) {
        GitState git = ImageBuild.commit(labs.console(), app, runner, true);
        List<String> tags = ImageBuild.tags(git, true);
        labs.console().info("Building " + labs.config().get(Setting.IMAGE_DOCKERFILE) + " on AWS CodeBuild as "
                + labs.names().ecrRepository() + ":" + String.join(", :", tags));
        return new RemoteBuild(labs).run(app, git, tags, request.timeout());
    }

    private static ImageBuild.Built docker(LabsOptions labs, Path app, Request request, ProcessRunner runner) {
        GitState git = ImageBuild.commit(labs.console(), app, runner, request.to() == null);
        DockerBuild build = new DockerBuild(labs.console(), new DockerCli(labs.config().get(Setting.IMAGE_DOCKER), runner));
        Path metadata = temporaryFile();
        try {
            if (request.to() != null) {
                Path tarball = destinationPath(labs, request.to());
                List<String> tags = ImageBuild.tags(git, false);
                labs.console().info("Building " + labs.config().get(Setting.IMAGE_DOCKERFILE) + " on the local Docker daemon into " + tarball);
                build.run(dockerInputs(labs, app, git, tags.stream().map(t -> labs.names().ecrRepository() + ":" + t).toList(),
                        null, tarball, metadata), null, request.timeout());
                return new ImageBuild.Built(tarball.toString(), null, tags, sizeOf(tarball), 0, List.of(), false);
            }
            ImageBuild.Destination.Registry registry = (ImageBuild.Destination.Registry) destination(labs, null);
            String image = registry.registry() + "/" + registry.repository();
            List<String> tags = ImageBuild.tags(git, true);
            boolean ecr = registry.username() != null;
            labs.console().info("Building " + labs.config().get(Setting.IMAGE_DOCKERFILE) + " on the local Docker daemon as "
                    + ImageBuild.describe(registry, tags));
            String digest = build.run(dockerInputs(labs, app, git, tags.stream().map(t -> image + ":" + t).toList(),
                    ecr ? image + ":" + Buildspec.CACHE_TAG : null, null, metadata),
                    ecr ? new Ecr.Login(registry.registry(), registry.username(), registry.password()) : null, request.timeout());
            labs.console().info("Pushed " + image + ":" + String.join(", :", tags) + "  digest " + digest);
            return new ImageBuild.Built(image, digest, tags, -1, 0, List.of(), true);
        } finally {
            metadata.toFile().delete();
        }
    }

    /** @param cacheRef the registry cache's image in ECR, or null for none */
    private static DockerBuild.Inputs dockerInputs(LabsOptions labs, Path app, GitState git, List<String> images, String cacheRef,
            Path tarball, Path metadata) {
        return new DockerBuild.Inputs(app, labs.config().get(Setting.IMAGE_DOCKERFILE), labs.config().get(Setting.IMAGE_TARGET),
                labs.config().get(Setting.IMAGE_PLATFORM), git.revision() == null ? git.tag() : git.revision(), images,
                cacheRef != null, cacheRef, tarball, metadata);
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("labs-build-", ".json");
        } catch (java.io.IOException e) {
            throw LabsException.failed("Cannot create a temporary file: " + e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static ImageBuild.Built jib(LabsOptions labs, Path app, Request request, ProcessRunner runner) {
        warnAboutOsPackages(labs, app);
        ImageRecipe recipe = ImageRecipe.from(labs.config(), request.environment(), labs.home());
        GitState git = ImageBuild.commit(labs.console(), app, runner, request.to() == null);
        return new ImageBuild(labs.console(), app, recipe, runner).build(git, destination(labs, request.to()), labs.names().app(),
                request.fromDocker());
    }

    /** Jib cannot run the Dockerfile's apt-get: say which packages the image lacks unless the base has them. */
    private static void warnAboutOsPackages(LabsOptions labs, Path app) {
        Path dockerfile = app.resolve(labs.config().get(Setting.IMAGE_DOCKERFILE));
        if (!Files.isRegularFile(dockerfile)) return;
        java.util.Set<String> packages = DockerfilePackages.installedBy(dockerfile, labs.config().get(Setting.IMAGE_TARGET));
        if (packages.isEmpty()) return;
        labs.console().warn("The Dockerfile's final stage installs OS packages (" + String.join(" ", packages) + "), which jib"
                + " cannot install: the image has only what " + labs.config().get(Setting.IMAGE_BASE) + " has; --builder docker"
                + " (or codebuild, without Docker) builds the Dockerfile as it is");
    }

    /** --to tar:PATH, else labs.image.registry, else the stack's ECR repository (the only step that needs AWS). */
    static ImageBuild.Destination destination(LabsOptions labs, String to) {
        String repository = labs.names().ecrRepository();
        if (to != null) return new ImageBuild.Destination.Tarball(destinationPath(labs, to), repository);
        String registry = labs.config().get(Setting.IMAGE_REGISTRY);
        if (registry != null) {
            String[] hostAndPath = registry.replaceFirst("^[a-z]+://", "").replaceFirst("/+$", "").split("/", 2);
            String path = hostAndPath.length > 1 ? hostAndPath[1] + "/" : "";
            return new ImageBuild.Destination.Registry(hostAndPath[0], path + repository, null, null);
        }
        Ecr.Login login = new Ecr(labs).login();
        return new ImageBuild.Destination.Registry(login.registry(), repository, login.username(), login.password());
    }

    private static Path destinationPath(LabsOptions labs, String to) {
        if (!to.startsWith("tar:") || to.length() == "tar:".length()) {
            throw LabsException.usage("--to takes tar:PATH (such as tar:app.tar), got '" + to + "'");
        }
        return labs.context().workingDirectory().resolve(to.substring("tar:".length())).toAbsolutePath().normalize();
    }


}
