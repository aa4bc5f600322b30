import java.util.function.BooleanSupplier;

/**
 * Which builder makes the image: a pure decision from labs.image.builder, the app folder and the
 * destination. Whether a Docker daemon answers is asked only when the answer decides something,
 * since asking costs a process start.
 */
final class BuilderChoice {
    /**
     * What the decision depends on.
     *
     * @param requested labs.image.builder as configured (auto, jib, docker, codebuild)
     * @param requestedFrom where that value came from, for error messages
     * @param dockerfile the Dockerfile's path as the user named it (labs.image.dockerfile)
     * @param dockerfilePresent whether it exists in the app folder
     * @param tarball whether the image goes to a tarball (--to tar:PATH)
     * @param registryOverride whether labs.image.registry sends the image elsewhere than ECR
     * @param fromDocker whether --from-docker pushes an image the local daemon has already
     * @param daemonAnswers whether a Docker daemon answers (asked lazily)
     */
    record Facts(String requested, String requestedFrom, String dockerfile, boolean dockerfilePresent, boolean tarball,
            boolean registryOverride, boolean fromDocker, BooleanSupplier daemonAnswers) {
    }

    /** The builder and, for the progress line, why. */
    record Choice(Builder builder, String reason) {
    }

    private BuilderChoice() {
    }

    static Choice decide(Facts facts) {
        String requested = facts.requested() == null ? "auto" : facts.requested().strip().toLowerCase(java.util.Locale.ROOT);
        if (requested.equals("auto")) return auto(facts);
        Builder builder = parse(requested, facts.requestedFrom());
        if (facts.fromDocker() && builder != Builder.JIB) {
            throw LabsException.usage("--from-docker pushes an image the local daemon has already; it does not go with the "
                    + builder.label() + " builder, which builds the Dockerfile itself");
        }
        if (builder == Builder.JIB) return new Choice(Builder.JIB, "labs.image.builder=jib (" + facts.requestedFrom() + ")");
        requireDockerfile(builder, facts);
        if (builder == Builder.CODEBUILD) {
            refuseLocalDestinations(facts, "the codebuild builder");
            return new Choice(Builder.CODEBUILD, "labs.image.builder=codebuild (" + facts.requestedFrom() + ")");
        }
        if (!facts.daemonAnswers().getAsBoolean()) {
            throw LabsException.failed("No Docker daemon answers (docker info failed; labs.image.docker names the CLI):"
                    + " start Docker, or build on AWS with --builder codebuild");
        }
        return new Choice(Builder.DOCKER, "labs.image.builder=docker (" + facts.requestedFrom() + ")");
    }

    /**
     * A Dockerfile: docker when a daemon answers, else codebuild; no Dockerfile: jib. CodeBuild can
     * only push to ECR, so a tarball or another registry without a daemon falls back to jib, which
     * then warns about the Dockerfile's OS packages: trying labs needs nothing but Java.
     */
    private static Choice auto(Facts facts) {
        if (facts.fromDocker()) return new Choice(Builder.JIB, "--from-docker: jib pushes the daemon's image");
        if (!facts.dockerfilePresent()) return new Choice(Builder.JIB, "auto: no " + facts.dockerfile() + " in the app folder");
        if (facts.daemonAnswers().getAsBoolean()) {
            return new Choice(Builder.DOCKER, "auto: " + facts.dockerfile() + " found and a Docker daemon answers");
        }
        if (facts.tarball() || facts.registryOverride()) {
            return new Choice(Builder.JIB, "auto: no Docker daemon answers, and CodeBuild pushes only to ECR, not to "
                    + (facts.tarball() ? "a tarball" : "labs.image.registry"));
        }
        return new Choice(Builder.CODEBUILD, "auto: " + facts.dockerfile() + " found, no Docker daemon answers");
    }

    static Builder parse(String value, String source) {
        for (Builder builder : Builder.values()) {
            if (builder.label().equals(value)) return builder;
        }
        throw LabsException.usage("labs.image.builder (from " + source + ") takes " + Builder.choices() + "; got '" + value + "'");
    }

    private static void requireDockerfile(Builder builder, Facts facts) {
        if (!facts.dockerfilePresent()) {
            throw LabsException.usage("The " + builder.label() + " builder builds the app's Dockerfile, but there is no "
                    + facts.dockerfile() + " in the app folder (labs.image.dockerfile names it); without one use --builder jib");
        }
    }

    /** CodeBuild pushes to the stack's ECR repository: it cannot write a tarball here or reach a registry on this machine. */
    private static void refuseLocalDestinations(Facts facts, String who) {
        if (facts.tarball()) {
            throw LabsException.usage("--to tar:PATH needs a local build, but " + who + " builds on AWS and pushes to ECR:"
                    + " start Docker, or pass --builder jib");
        }
        if (facts.registryOverride()) {
            throw LabsException.usage("labs.image.registry sends the image elsewhere than ECR, but " + who
                    + " pushes only to the stack's ECR repository: start Docker, pass --builder jib, or unset labs.image.registry");
        }
    }
}
