import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/**
 * Every call labs makes to ECR, each AWS action in its own method: logging in to the account's
 * registry with the AWS credentials (no Docker, no aws CLI), checking the image a deploy names, and
 * the stack's repository that provision and teardown manage.
 */
final class Ecr {
    /** A registry host with the user and password that push to it. */
    record Login(String registry, String username, String password) {
    }

    private final LabsOptions labs;

    Ecr(LabsOptions labs) {
        this.labs = labs;
    }

    /** Created on first use: the log-in's decoding runs without AWS. */
    private EcrClient ecr() {
        return labs.aws().client(EcrClient.class, EcrClient::builder);
    }

    // ---- Log-in

    /**
     * GetAuthorizationToken returns a base64 "AWS:password" token valid for 12 hours and the
     * registry's proxyEndpoint (https://ACCOUNT.dkr.ecr.REGION.amazonaws.com); see
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
     */
    Login login() {
        GetAuthorizationTokenResponse response = ecr().getAuthorizationToken(r -> { });
        if (response.authorizationData().isEmpty()) {
            throw LabsException.failed("ECR returned no authorization data for " + labs.aws().region());
        }
        return login(response.authorizationData().get(0));
    }

    Login login(AuthorizationData data) {
        String token = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = token.indexOf(':');
        String password = token.substring(colon + 1);
        labs.console().secret(password);
        labs.console().secret(data.authorizationToken());
        String registry = data.proxyEndpoint().replaceFirst("^https?://", "").replaceFirst("/+$", "");
        return new Login(registry, token.substring(0, colon), password);
    }

    // ---- The image a deploy names

    /**
     * Turns what the user typed for --image into a full image URI, after checking that ECR has it:
     * a bare tag means that tag of the stack's repository; an ECR URI is checked; another
     * registry's image is not.
     */
    String resolve(String image) {
        String uri = ImageRef.isBareTag(image) ? repositoryUri() + ":" + image.trim() : image.trim();
        ImageRef ref = ImageRef.parse(uri);
        ref.ecr().filter(registry -> registry.region().equals(labs.aws().region().id()))
                .ifPresentOrElse(registry -> requireImage(registry.account(), ref, uri),
                        () -> labs.console().warn(uri + " is not in this region's ECR: labs cannot check that it exists "
                                + "(ECS reports CannotPullContainerError if it does not)"));
        return uri;
    }

    /**
     * The platforms ("linux/amd64", ...) of an image in this region's ECR, from its manifest:
     * BatchGetImage with every manifest media type, so that an index comes back as an index with
     * its platforms; a single image's platform is in its config blob, which GetDownloadUrlForLayer
     * hands out as a short-lived download URL. Empty for an image elsewhere, or one whose manifest
     * names no config.
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html
     */
    Optional<List<String>> platforms(String uri) {
        ImageRef ref = ImageRef.parse(uri);
        Optional<ImageRef.EcrRegistry> registry = ref.ecr().filter(r -> r.region().equals(labs.aws().region().id()));
        if (registry.isEmpty()) return Optional.empty();
        String account = registry.get().account();
        ImageIdentifier id = ref.digest() != null ? ImageIdentifier.builder().imageDigest(ref.digest()).build()
                : ImageIdentifier.builder().imageTag(ref.label()).build();
        BatchGetImageResponse response = ecr().batchGetImage(r -> r.registryId(account).repositoryName(ref.repository())
                .imageIds(id).acceptedMediaTypes(ImagePlatforms.MEDIA_TYPES));
        if (response.images().isEmpty()) {
            String reason = response.failures().stream().map(f -> f.failureCodeAsString() + ": " + f.failureReason()).findFirst().orElse("");
            throw LabsException.failed("ECR gave no manifest of " + uri + " (" + reason + ")");
        }
        Image image = response.images().get(0);
        if (ImagePlatforms.isIndex(image.imageManifestMediaType(), image.imageManifest())) {
            return Optional.of(ImagePlatforms.ofIndex(image.imageManifest()));
        }
        return ImagePlatforms.configDigest(image.imageManifest()).map(digest -> List.of(ImagePlatforms.ofConfig(
                download(ecr().getDownloadUrlForLayer(r -> r.registryId(account).repositoryName(ref.repository()).layerDigest(digest))
                        .downloadUrl(), uri))));
    }

    /** GET of a pre-signed download URL; the URL itself carries a signature, so no message names it. */
    private static String download(String url, String image) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw LabsException.failed("Reading the image config of " + image + " from ECR answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw LabsException.failed("Cannot read the image config of " + image + " from ECR: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while reading the image config of " + image);
        }
    }

    /** DescribeRepositories: the repository's URI, REGISTRY/NAME. */
    String repositoryUri() {
        String repository = labs.names().ecrRepository();
        try {
            return ecr().describeRepositories(r -> r.repositoryNames(repository)).repositories().get(0).repositoryUri();
        } catch (RepositoryNotFoundException e) {
            throw labs.notFound("ECR repository", repository, "run provision, or pass --image with a full image URI");
        }
    }

    /** DescribeImages by tag: the digest of the image a remote build pushed, as ECR holds it. */
    String digestOf(String tag) {
        String repository = labs.names().ecrRepository();
        try {
            ImageIdentifier id = ImageIdentifier.builder().imageTag(tag).build();
            return ecr().describeImages(r -> r.repositoryName(repository).imageIds(id)).imageDetails().get(0).imageDigest();
        } catch (ImageNotFoundException e) {
            throw LabsException.failed("The build reported success, but ECR has no image tagged " + tag + " in " + repository);
        }
    }

    /** DescribeImages with the tag or digest: ImageNotFoundException when the repository lacks it. */
    private void requireImage(String account, ImageRef ref, String uri) {
        ImageIdentifier id = ref.digest() != null ? ImageIdentifier.builder().imageDigest(ref.digest()).build()
                : ImageIdentifier.builder().imageTag(ref.label()).build();
        try {
            ecr().describeImages(r -> r.registryId(account).repositoryName(ref.repository()).imageIds(id));
        } catch (ImageNotFoundException e) {
            throw LabsException.failed("Image " + uri + " not found in the ECR repository " + ref.repository()
                    + ": push it first, or pick an existing tag (aws ecr list-images --repository-name "
                    + ref.repository() + ")");
        } catch (RepositoryNotFoundException e) {
            throw labs.notFound("ECR repository", ref.repository(), "check the image URI, or run provision");
        }
    }

    // ---- The stack's repository, for provision and teardown

    Observed.Repository findRepository() {
        Names names = labs.names();
        Repository repository;
        try {
            repository = ecr().describeRepositories(r -> r.repositoryNames(names.ecrRepository())).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            return null;
        }
        boolean managed = ecr().listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().stream()
                .anyMatch(t -> names.isOwnTag(t.key(), t.value()));
        return new Observed.Repository(repository.repositoryName(), repository.repositoryUri(),
                repository.imageScanningConfiguration() != null
                        && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush()),
                lifecyclePolicy(), newestImage(repository.repositoryUri()), managed);
    }

    private String lifecyclePolicy() {
        try {
            return ecr().getLifecyclePolicy(r -> r.repositoryName(labs.names().ecrRepository())).lifecyclePolicyText();
        } catch (LifecyclePolicyNotFoundException e) {
            return null;
        }
    }

    /** The most recently pushed tagged image as REPOSITORY_URI:TAG, or null when there is none. */
    private String newestImage(String repositoryUri) {
        List<ImageDetail> images = ecr().describeImagesPaginator(r -> r.repositoryName(labs.names().ecrRepository())
                .filter(f -> f.tagStatus(TagStatus.TAGGED))).imageDetails().stream().toList();
        return images.stream().filter(i -> !i.imageTags().isEmpty())
                .max(Comparator.comparing(ImageDetail::imagePushedAt))
                .map(i -> repositoryUri + ":" + i.imageTags().get(0)).orElse(null);
    }

    String createRepository() {
        Names names = labs.names();
        String uri = ecr().createRepository(r -> r.repositoryName(names.ecrRepository())
                .imageScanningConfiguration(s -> s.scanOnPush(true))
                .tags(names.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))
                .repository().repositoryUri();
        labs.console().detail("  created ECR repository " + uri);
        return uri;
    }

    void scanOnPush() {
        ecr().putImageScanningConfiguration(r -> r.repositoryName(labs.names().ecrRepository())
                .imageScanningConfiguration(s -> s.scanOnPush(true)));
    }

    void putLifecyclePolicy(String policyText) {
        ecr().putLifecyclePolicy(r -> r.repositoryName(labs.names().ecrRepository()).lifecyclePolicyText(policyText));
    }

    /** force: the images go with the repository. */
    void deleteRepository() {
        ecr().deleteRepository(r -> r.repositoryName(labs.names().ecrRepository()).force(true));
    }
}
