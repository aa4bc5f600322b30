import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's ECR repository on the loopback endpoint (JSON 1.1, target
 * AmazonEC2ContainerRegistry_V20150921.ACTION), with the images a CodeBuild build pushed:
 * DescribeRepositories (RepositoryNotFoundException for an unknown name,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRepositories.html) and
 * DescribeImages by tag or digest (ImageNotFoundException when one is missing,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html).
 */
final class LoopbackEcr {
    /** One image: its digest, tags and push time. */
    record Image(String digest, List<String> tags, Instant pushedAt) {
    }

    final String repository;
    private final List<Image> images = new ArrayList<>();

    LoopbackEcr(String repository) {
        this.repository = repository;
    }

    String repositoryUri() {
        return LoopbackAws.ACCOUNT + ".dkr.ecr." + LoopbackAws.REGION + ".amazonaws.com/" + repository;
    }

    /** A push: the tags move to this digest, as they do in a mutable repository. */
    synchronized void push(String digestSeed, List<String> tags) {
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(LoopbackS3.digest("SHA-256",
                digestSeed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        images.replaceAll(image -> new Image(image.digest(), image.tags().stream().filter(t -> !tags.contains(t)).toList(),
                image.pushedAt()));
        images.removeIf(image -> image.digest().equals(digest));
        images.add(new Image(digest, List.copyOf(tags), Instant.now()));
    }

    /** The digest that a tag names, or null. */
    synchronized String digestOf(String tag) {
        return images.stream().filter(i -> i.tags().contains(tag)).map(Image::digest).findFirst().orElse(null);
    }

    synchronized LoopbackAws.Reply answer(String action, Map<String, Object> request) {
        return switch (action) {
            case "DescribeRepositories" -> describeRepositories(request);
            case "DescribeImages" -> describeImages(request);
            default -> LoopbackAws.Reply.jsonError("UnknownOperationException", null);
        };
    }

    private LoopbackAws.Reply describeRepositories(Map<String, Object> request) {
        List<?> names = request.get("repositoryNames") instanceof List<?> list ? list : List.of(repository);
        for (Object name : names) {
            if (!repository.equals(name)) return repositoryNotFound(String.valueOf(name));
        }
        return LoopbackAws.Reply.json(200, LoopbackAws.map("repositories", List.of(LoopbackAws.map(
                "repositoryArn", "arn:aws:ecr:" + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":repository/" + repository,
                "registryId", LoopbackAws.ACCOUNT, "repositoryName", repository, "repositoryUri", repositoryUri(),
                "createdAt", 1_790_000_000, "imageTagMutability", "MUTABLE",
                "imageScanningConfiguration", LoopbackAws.map("scanOnPush", true),
                "encryptionConfiguration", LoopbackAws.map("encryptionType", "AES256")))));
    }

    private LoopbackAws.Reply describeImages(Map<String, Object> request) {
        String name = String.valueOf(request.get("repositoryName"));
        if (!repository.equals(name)) return repositoryNotFound(name);
        List<Image> found = new ArrayList<>();
        if (request.get("imageIds") instanceof List<?> ids) {
            for (Object id : ids) {
                Map<?, ?> wanted = (Map<?, ?>) id;
                Image image = images.stream().filter(i -> i.digest().equals(wanted.get("imageDigest"))
                        || i.tags().contains(wanted.get("imageTag"))).findFirst().orElse(null);
                if (image == null) {
                    return LoopbackAws.Reply.jsonError("ImageNotFoundException", "The image with imageId {imageDigest:'"
                            + wanted.get("imageDigest") + "', imageTag:'" + wanted.get("imageTag") + "'} does not exist within the"
                            + " repository with name '" + repository + "' in the registry with id '" + LoopbackAws.ACCOUNT + "'");
                }
                found.add(image);
            }
        } else {
            found.addAll(images);
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (Image image : found) {
            Map<String, Object> detail = new LinkedHashMap<>(LoopbackAws.map("registryId", LoopbackAws.ACCOUNT,
                    "repositoryName", repository, "imageDigest", image.digest(), "imageSizeInBytes", 61_234_567,
                    "imagePushedAt", LoopbackAws.seconds(image.pushedAt()),
                    "imageManifestMediaType", "application/vnd.oci.image.manifest.v1+json"));
            if (!image.tags().isEmpty()) detail.put("imageTags", image.tags());
            details.add(detail);
        }
        return LoopbackAws.Reply.json(200, LoopbackAws.map("imageDetails", details));
    }

    private static LoopbackAws.Reply repositoryNotFound(String name) {
        return LoopbackAws.Reply.jsonError("RepositoryNotFoundException", "The repository with name '" + name
                + "' does not exist in the registry with id '" + LoopbackAws.ACCOUNT + "'");
    }
}
