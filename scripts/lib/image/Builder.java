import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways deploy makes the app's image (docs/image-build.md says when each is used). */
enum Builder {
    /** jib-core on this machine, no Docker: for apps without a Dockerfile. */
    JIB,
    /** The app's Dockerfile on the local Docker (or Podman) daemon. */
    DOCKER,
    /** The app's Dockerfile on AWS CodeBuild: no Docker needed here. */
    CODEBUILD;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String choices() {
        return "auto, " + Arrays.stream(values()).map(Builder::label).collect(Collectors.joining(", "));
    }
}
