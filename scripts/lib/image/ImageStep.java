import java.nio.file.Path;
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
     */
    record Request(Path app, String to, String fromDocker, List<String> environment) {
    }

    private ImageStep() {
    }

    /** Which commit, where to, then build and write the image; the step summary names it. */
    static ImageBuild.Built run(LabsOptions labs, Request request) {
        Path app = request.app() == null ? labs.context().workingDirectory() : labs.context().workingDirectory().resolve(request.app());
        ImageRecipe recipe = ImageRecipe.from(labs.config(), request.environment(), home(labs));
        ImageBuild build = new ImageBuild(labs.console(), app.toAbsolutePath().normalize(), recipe,
                new ProcessRunner(labs.context().environment()));
        GitState git = build.commit(request.to() == null);
        ImageBuild.Destination destination = destination(labs, request.to());
        ImageBuild.Built built = build.build(git, destination, labs.names().app(), request.fromDocker());
        labs.console().summary("**Image** `" + built.reference() + "` (tags " + String.join(", ", built.tags())
                + "; uploaded " + ImageProgress.bytes(built.uploadedBytes()) + ")");
        return built;
    }

    /** --to tar:PATH, else labs.image.registry, else the stack's ECR repository (the only step that needs AWS). */
    static ImageBuild.Destination destination(LabsOptions labs, String to) {
        String repository = labs.names().ecrRepository();
        if (to != null) {
            if (!to.startsWith("tar:") || to.length() == "tar:".length()) {
                throw LabsException.usage("--to takes tar:PATH (such as tar:app.tar), got '" + to + "'");
            }
            Path path = labs.context().workingDirectory().resolve(to.substring("tar:".length())).toAbsolutePath().normalize();
            return new ImageBuild.Destination.Tarball(path, repository);
        }
        String registry = labs.config().get(Setting.IMAGE_REGISTRY);
        if (registry != null) {
            String[] hostAndPath = registry.replaceFirst("^[a-z]+://", "").replaceFirst("/+$", "").split("/", 2);
            String path = hostAndPath.length > 1 ? hostAndPath[1] + "/" : "";
            return new ImageBuild.Destination.Registry(hostAndPath[0], path + repository, null, null);
        }
        Ecr.Login login = new Ecr(labs).login();
        return new ImageBuild.Destination.Registry(login.registry(), repository, login.username(), login.password());
    }

    private static Path home(LabsOptions labs) {
        String home = labs.context().environment().get("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }
}
