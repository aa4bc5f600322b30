import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * In-memory ECR. Per the ECR API reference, DescribeRepositories with an unknown name throws
 * RepositoryNotFoundException, and DescribeImages with an imageId the repository lacks throws
 * ImageNotFoundException.
 */
class FakeEcr implements EcrClient {
    static final String REGISTRY = FakeEcs.ACCOUNT + ".dkr.ecr." + FakeEcs.REGION + ".amazonaws.com";

    final Map<String, Set<String>> tagsByRepository = new LinkedHashMap<>();

    FakeEcr repository(String name, String... tags) {
        tagsByRepository.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(Set.of(tags));
        return this;
    }

    /** The digest of each pushed "REPOSITORY:TAG" (DescribeImages reports it). */
    final Map<String, String> digests = new LinkedHashMap<>();

    /** What a push does: the tag now names the image with this digest. */
    void pushed(String repository, String tag, String digest) {
        repository(repository, tag);
        digests.put(repository + ":" + tag, digest);
    }

    private Set<String> tags(String repository) {
        Set<String> tags = tagsByRepository.get(repository);
        if (tags == null) {
            throw RepositoryNotFoundException.builder().statusCode(400).message("The repository with name '" + repository
                    + "' does not exist in the registry with id '" + FakeEcs.ACCOUNT + "'").build();
        }
        return tags;
    }

    @Override
    public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest request) {
        String name = request.repositoryNames().get(0);
        tags(name);
        if (repositories.containsKey(name)) {
            return DescribeRepositoriesResponse.builder().repositories(repositories.get(name)).build();
        }
        return DescribeRepositoriesResponse.builder().repositories(Repository.builder().repositoryName(name)
                .registryId(FakeEcs.ACCOUNT).repositoryUri(REGISTRY + "/" + name).build()).build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        Set<String> tags = tags(request.repositoryName());
        if (request.imageIds().isEmpty()) {
            return DescribeImagesResponse.builder().imageDetails(images.getOrDefault(request.repositoryName(), List.of())).build();
        }
        for (ImageIdentifier id : request.imageIds()) {
            if (id.imageTag() == null || !tags.contains(id.imageTag())) {
                throw ImageNotFoundException.builder().statusCode(400).message("The image with imageId {imageDigest:'"
                        + id.imageDigest() + "', imageTag:'" + id.imageTag() + "'} does not exist within the repository with name '"
                        + request.repositoryName() + "' in the registry with id '" + FakeEcs.ACCOUNT + "'").build();
            }
        }
        return DescribeImagesResponse.builder().imageDetails(request.imageIds().stream()
                .map(id -> ImageDetail.builder().repositoryName(request.repositoryName()).imageTags(id.imageTag())
                        .imageDigest(digests.get(request.repositoryName() + ":" + id.imageTag())).build())
                .toList()).build();
    }

    // ---- What provision and teardown call (ECR API reference): a repository without a lifecycle policy
    // throws LifecyclePolicyNotFoundException; deleting one with images needs force (RepositoryNotEmptyException);
    // a lifecycle policy whose tagStatus "any" rule lacks the highest rulePriority is refused.

    Faults faults = new Faults();
    final Map<String, Repository> repositories = new LinkedHashMap<>();
    final Map<String, List<software.amazon.awssdk.services.ecr.model.Tag>> resourceTags = new LinkedHashMap<>();
    final Map<String, String> lifecyclePolicies = new LinkedHashMap<>();
    final Map<String, List<ImageDetail>> images = new LinkedHashMap<>();

    static String uri(String name) {
        return REGISTRY + "/" + name;
    }

    /** A pushed image, newest last. */
    FakeEcr pushImage(String repository, String tag) {
        tags(repository).add(tag);
        List<ImageDetail> list = images.computeIfAbsent(repository, r -> new java.util.ArrayList<>());
        list.add(ImageDetail.builder().repositoryName(repository).imageDigest("sha256:" + String.format("%064x", list.size() + 1))
                .imageTags(tag).imagePushedAt(java.time.Instant.parse("2026-11-20T10:00:00Z").plusSeconds(list.size())).build());
        return this;
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.ListTagsForResourceResponse listTagsForResource(
            software.amazon.awssdk.services.ecr.model.ListTagsForResourceRequest request) {
        String name = request.resourceArn().substring(request.resourceArn().indexOf("repository/") + "repository/".length());
        tags(name);
        return software.amazon.awssdk.services.ecr.model.ListTagsForResourceResponse.builder()
                .tags(resourceTags.getOrDefault(name, List.of())).build();
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse getLifecyclePolicy(
            software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyRequest request) {
        tags(request.repositoryName());
        String policy = lifecyclePolicies.get(request.repositoryName());
        if (policy == null) {
            throw software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException.builder().statusCode(400)
                    .message("Lifecycle policy does not exist").build();
        }
        return software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse.builder().repositoryName(request.repositoryName())
                .lifecyclePolicyText(policy).build();
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse createRepository(
            software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest request) {
        return faults.call("ecr:CreateRepository", () -> {
            String name = request.repositoryName();
            if (tagsByRepository.containsKey(name)) {
                throw software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException.builder().statusCode(400)
                        .message("The repository already exists").build();
            }
            Repository repository = Repository.builder().repositoryName(name)
                    .repositoryArn("arn:aws:ecr:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":repository/" + name)
                    .repositoryUri(uri(name)).registryId(FakeEcs.ACCOUNT)
                    .imageScanningConfiguration(request.imageScanningConfiguration() == null
                            ? software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration.builder().scanOnPush(false).build()
                            : request.imageScanningConfiguration())
                    .build();
            repository(name);
            repositories.put(name, repository);
            resourceTags.put(name, request.tags());
            return software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse.builder().repository(repository).build();
        });
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.PutImageScanningConfigurationResponse putImageScanningConfiguration(
            software.amazon.awssdk.services.ecr.model.PutImageScanningConfigurationRequest request) {
        return faults.call("ecr:PutImageScanningConfiguration", () -> {
            tags(request.repositoryName());
            repositories.computeIfPresent(request.repositoryName(), (name, repository) -> repository.toBuilder()
                    .imageScanningConfiguration(request.imageScanningConfiguration()).build());
            return software.amazon.awssdk.services.ecr.model.PutImageScanningConfigurationResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.PutLifecyclePolicyResponse putLifecyclePolicy(
            software.amazon.awssdk.services.ecr.model.PutLifecyclePolicyRequest request) {
        return faults.call("ecr:PutLifecyclePolicy", () -> {
            tags(request.repositoryName());
            var rules = software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(request.lifecyclePolicyText())
                    .field("rules").orElseThrow().asArray();
            int highest = rules.stream().mapToInt(r -> Integer.parseInt(r.field("rulePriority").orElseThrow().asNumber())).max().orElse(0);
            for (var rule : rules) {
                boolean any = "any".equals(rule.field("selection").orElseThrow().field("tagStatus").orElseThrow().asString());
                if (any && Integer.parseInt(rule.field("rulePriority").orElseThrow().asNumber()) != highest) {
                    throw software.amazon.awssdk.services.ecr.model.InvalidParameterException.builder().statusCode(400)
                            .message("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
                                    + "'Rule with tagStatus any must have the highest value for rulePriority'").build();
                }
            }
            lifecyclePolicies.put(request.repositoryName(), request.lifecyclePolicyText());
            return software.amazon.awssdk.services.ecr.model.PutLifecyclePolicyResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.DeleteRepositoryResponse deleteRepository(
            software.amazon.awssdk.services.ecr.model.DeleteRepositoryRequest request) {
        return faults.call("ecr:DeleteRepository", () -> {
            String name = request.repositoryName();
            if (!tags(name).isEmpty() && !Boolean.TRUE.equals(request.force())) {
                throw software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException.builder().statusCode(400)
                        .message("The repository cannot be deleted because it still contains images").build();
            }
            tagsByRepository.remove(name);
            repositories.remove(name);
            images.remove(name);
            lifecyclePolicies.remove(name);
            resourceTags.remove(name);
            return software.amazon.awssdk.services.ecr.model.DeleteRepositoryResponse.builder().build();
        });
    }

    /** Where GetAuthorizationToken says the registry is; an image test points it at its loopback registry. */
    String proxyEndpoint = "https://" + REGISTRY;
    static final String PASSWORD = "eyJwYXlsb2FkIjoiZmFrZS1lY3ItcGFzc3dvcmQifQ";
    int tokensIssued;

    /**
     * One authorizationData entry with a base64 "AWS:password" token, the proxyEndpoint URL and a
     * 12-hour expiry (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html).
     */
    @Override
    public software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse getAuthorizationToken(
            software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest request) {
        tokensIssued++;
        String token = java.util.Base64.getEncoder().encodeToString(
                ("AWS:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse.builder().authorizationData(
                software.amazon.awssdk.services.ecr.model.AuthorizationData.builder().authorizationToken(token)
                        .proxyEndpoint(proxyEndpoint).expiresAt(java.time.Instant.now().plusSeconds(12 * 3600)).build())
                .build();
    }

    // ---- Manifests (ECR API reference, BatchGetImage and GetDownloadUrlForLayer): BatchGetImage answers an image it
    // lacks, or one whose manifest type is not among acceptedMediaTypes, with a failures entry, not an exception; a
    // blob is read from the pre-signed URL that GetDownloadUrlForLayer gives (here one loopback server for every fake).
    // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html

    /** The platforms of "REPOSITORY:TAG": one is a single image (its config names it), more an index; default linux/amd64. */
    final Map<String, List<String>> platforms = new LinkedHashMap<>();

    FakeEcr platforms(String repository, String tag, String... platformsOfImage) {
        platforms.put(repository + ":" + tag, List.of(platformsOfImage));
        return this;
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.BatchGetImageResponse batchGetImage(
            software.amazon.awssdk.services.ecr.model.BatchGetImageRequest request) {
        Set<String> tags = tags(request.repositoryName());
        var response = software.amazon.awssdk.services.ecr.model.BatchGetImageResponse.builder();
        List<software.amazon.awssdk.services.ecr.model.Image> found = new java.util.ArrayList<>();
        List<software.amazon.awssdk.services.ecr.model.ImageFailure> failures = new java.util.ArrayList<>();
        for (ImageIdentifier id : request.imageIds()) {
            String tag = id.imageTag() != null ? id.imageTag() : digests.entrySet().stream()
                    .filter(e -> e.getValue().equals(id.imageDigest())).map(e -> e.getKey().substring(e.getKey().lastIndexOf(':') + 1))
                    .findFirst().orElse(null);
            if (tag == null || !tags.contains(tag)) {
                failures.add(software.amazon.awssdk.services.ecr.model.ImageFailure.builder().imageId(id).failureCode("ImageNotFound")
                        .failureReason("Requested image not found").build());
                continue;
            }
            List<String> of = platforms.getOrDefault(request.repositoryName() + ":" + tag, List.of("linux/amd64"));
            String mediaType = of.size() == 1 ? ImagePlatforms.DOCKER_MANIFEST : ImagePlatforms.OCI_INDEX;
            if (request.hasAcceptedMediaTypes() && !request.acceptedMediaTypes().contains(mediaType)) {
                failures.add(software.amazon.awssdk.services.ecr.model.ImageFailure.builder().imageId(id).failureCode("UnsupportedImageType")
                        .failureReason("The manifest media type is not accepted").build());
                continue;
            }
            found.add(software.amazon.awssdk.services.ecr.model.Image.builder().registryId(FakeEcs.ACCOUNT)
                    .repositoryName(request.repositoryName()).imageId(id).imageManifestMediaType(mediaType)
                    .imageManifest(of.size() == 1 ? singleManifest(of.get(0)) : index(of)).build());
        }
        return response.images(found).failures(failures).build();
    }

    @Override
    public software.amazon.awssdk.services.ecr.model.GetDownloadUrlForLayerResponse getDownloadUrlForLayer(
            software.amazon.awssdk.services.ecr.model.GetDownloadUrlForLayerRequest request) {
        tags(request.repositoryName());
        if (!BLOBS.containsKey(request.layerDigest())) {
            throw software.amazon.awssdk.services.ecr.model.LayersNotFoundException.builder().statusCode(400)
                    .message("The specified layer does not exist").build();
        }
        return software.amazon.awssdk.services.ecr.model.GetDownloadUrlForLayerResponse.builder().layerDigest(request.layerDigest())
                .downloadUrl(blobServer() + "/" + request.layerDigest() + "?X-Amz-Signature=secret-signature").build();
    }

    private static final Map<String, byte[]> BLOBS = new java.util.concurrent.ConcurrentHashMap<>();
    private static String blobServerUrl;

    private static synchronized String blobServer() {
        if (blobServerUrl != null) return blobServerUrl;
        try {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] blob = BLOBS.get(path.substring(path.lastIndexOf('/') + 1));
                exchange.sendResponseHeaders(blob == null ? 404 : 200, blob == null ? -1 : blob.length);
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    if (blob != null) out.write(blob);
                }
            });
            server.start();
            blobServerUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/blobs";
            return blobServerUrl;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Docker v2 manifest whose config blob (served by the blob server) names the platform. */
    private static String singleManifest(String platform) {
        String[] parts = platform.split("/");
        byte[] config = ("{\"architecture\":\"" + parts[1] + "\",\"os\":\"" + parts[0] + "\",\"config\":{}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String digest = sha256(config);
        BLOBS.put(digest, config);
        return "{\"schemaVersion\":2,\"mediaType\":\"" + ImagePlatforms.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + digest
                + "\"},\"layers\":[]}";
    }

    private static String index(List<String> platformsOfImage) {
        StringBuilder manifests = new StringBuilder();
        for (String platform : platformsOfImage) {
            String[] parts = platform.split("/");
            if (manifests.length() > 0) manifests.append(',');
            manifests.append("{\"mediaType\":\"").append(ImagePlatforms.OCI_MANIFEST).append("\",\"size\":500,\"digest\":\"")
                    .append(sha256(platform.getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("\",\"platform\":{\"architecture\":\"")
                    .append(parts[1]).append("\",\"os\":\"").append(parts[0]).append("\"}}");
        }
        return "{\"schemaVersion\":2,\"mediaType\":\"" + ImagePlatforms.OCI_INDEX + "\",\"manifests\":[" + manifests + "]}";
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {
    }
}
