import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The platforms an image runs on, read from what its registry holds: an image index (or Docker
 * manifest list) names the platform of each of its manifests; a single image names its own in its
 * config blob (OCI image spec: image index "platform", image config "os" and "architecture").
 * Pure: the registry is read by {@link Ecr}.
 */
final class ImagePlatforms {
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** What BatchGetImage may answer with: without the index types ECR converts or refuses a multi-platform image. */
    static final List<String> MEDIA_TYPES = List.of(DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX);
    /** BuildKit's attestation manifests sit in the index as the platform unknown/unknown: no image to run. */
    private static final String ATTESTATION = "unknown/unknown";

    private ImagePlatforms() {
    }

    /** An index lists manifests; ECR gives its media type beside it, and the JSON names it too. */
    static boolean isIndex(String mediaType, String manifest) {
        if (mediaType != null) return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
        return parse(manifest).asObject().containsKey("manifests");
    }

    /** "os/architecture" of each runnable manifest of an index, in its order. */
    static List<String> ofIndex(String index) {
        List<String> platforms = new ArrayList<>();
        JsonNode manifests = parse(index).field("manifests").orElse(null);
        if (manifests == null || !manifests.isArray()) return platforms;
        for (JsonNode manifest : manifests.asArray()) {
            manifest.field("platform").filter(JsonNode::isObject).map(p -> text(p, "os") + "/" + text(p, "architecture"))
                    .filter(platform -> !platform.equals(ATTESTATION)).ifPresent(platforms::add);
        }
        return platforms;
    }

    /** The digest of a single image's config blob, which holds its platform; empty for a manifest without one (schema 1). */
    static Optional<String> configDigest(String manifest) {
        return parse(manifest).field("config").filter(JsonNode::isObject).map(c -> text(c, "digest")).filter(d -> !d.isEmpty());
    }

    /** "os/architecture" from an image config. */
    static String ofConfig(String config) {
        JsonNode json = parse(config);
        return text(json, "os") + "/" + text(json, "architecture");
    }

    /**
     * Why the image cannot run on the wanted platform, if it cannot: no platform of it has the
     * wanted os and architecture (a variant such as arm64/v8 is the same architecture to Fargate).
     */
    static Optional<String> mismatch(String image, List<String> platforms, String wanted) {
        if (platforms.stream().anyMatch(p -> osAndArchitecture(p).equals(osAndArchitecture(wanted)))) return Optional.empty();
        String has = platforms.isEmpty() ? "no platform labs can read" : String.join(", ", platforms);
        return Optional.of("The image " + image + " is built for " + has + ", not for " + wanted + " (labs.image.platform): "
                + "Fargate would start no task of it. Build it for " + wanted + ", or set labs.image.platform to the image's platform");
    }

    private static String osAndArchitecture(String platform) {
        String[] parts = platform.split("/");
        return parts.length < 2 ? platform : parts[0] + "/" + parts[1];
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString).orElse("");
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = JsonNode.parser().parse(json);
            if (!node.isObject()) throw new IllegalArgumentException("not a JSON object");
            return node;
        } catch (RuntimeException e) {
            throw LabsException.failed("ECR answered with an image manifest or config that is not a JSON object: " + e.getMessage());
        }
    }
}
