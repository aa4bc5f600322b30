import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Turns what the user typed for --image into a full image URI, after checking that ECR has it. */
final class Images {
    private final LabsOptions labs;
    private final EcrClient ecr;
    private final String repository;

    Images(LabsOptions labs) {
        this.labs = labs;
        this.ecr = labs.aws().client(EcrClient.class, EcrClient::builder);
        this.repository = labs.names().ecrRepository();
    }

    /** A bare tag means that tag of the stack's repository; an ECR URI is checked; another registry's image is not. */
    String resolve(String image) {
        String uri = ImageRef.isBareTag(image) ? repositoryUri() + ":" + image.trim() : image.trim();
        ImageRef ref = ImageRef.parse(uri);
        ref.ecr().filter(registry -> registry.region().equals(labs.aws().region().id()))
                .ifPresentOrElse(registry -> requireImage(registry.account(), ref, uri),
                        () -> labs.console().warn(uri + " is not in this region's ECR: labs cannot check that it exists "
                                + "(ECS reports CannotPullContainerError if it does not)"));
        return uri;
    }

    /** DescribeRepositories: the repository's URI, REGISTRY/NAME. */
    String repositoryUri() {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(repository)).repositories().get(0).repositoryUri();
        } catch (RepositoryNotFoundException e) {
            throw labs.notFound("ECR repository", repository, "run provision, or pass --image with a full image URI");
        }
    }

    /** DescribeImages by tag: the digest of the image a remote build pushed, as ECR holds it. */
    String digestOf(String tag) {
        try {
            ImageIdentifier id = ImageIdentifier.builder().imageTag(tag).build();
            return ecr.describeImages(r -> r.repositoryName(repository).imageIds(id)).imageDetails().get(0).imageDigest();
        } catch (ImageNotFoundException e) {
            throw LabsException.failed("The build reported success, but ECR has no image tagged " + tag + " in " + repository);
        }
    }

    /** DescribeImages with the tag or digest: ImageNotFoundException when the repository lacks it. */
    private void requireImage(String account, ImageRef ref, String uri) {
        ImageIdentifier id = ref.digest() != null ? ImageIdentifier.builder().imageDigest(ref.digest()).build()
                : ImageIdentifier.builder().imageTag(ref.label()).build();
        try {
            ecr.describeImages(r -> r.registryId(account).repositoryName(ref.repository()).imageIds(id));
        } catch (ImageNotFoundException e) {
            throw LabsException.failed("Image " + uri + " not found in the ECR repository " + ref.repository()
                    + ": push it first, or pick an existing tag (aws ecr list-images --repository-name "
                    + ref.repository() + ")");
        } catch (RepositoryNotFoundException e) {
            throw labs.notFound("ECR repository", ref.repository(), "check the image URI, or run provision");
        }
    }
}
