import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** The stack's ECR repository. */
final class Registry {
    private final EcrClient ecr;
    private final Names names;
    private final Console console;

    Registry(LabsOptions labs) {
        this.ecr = labs.aws().client(EcrClient.class, EcrClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

    Observed.Repository findRepository() {
        Repository repository;
        try {
            repository = ecr.describeRepositories(r -> r.repositoryNames(names.ecrRepository())).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            return null;
        }
        boolean managed = ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().stream()
                .anyMatch(t -> names.isOwnTag(t.key(), t.value()));
        return new Observed.Repository(repository.repositoryName(), repository.repositoryUri(),
                repository.imageScanningConfiguration() != null
                        && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush()),
                lifecyclePolicy(), newestImage(repository.repositoryUri()), managed);
    }

    private String lifecyclePolicy() {
        try {
            return ecr.getLifecyclePolicy(r -> r.repositoryName(names.ecrRepository())).lifecyclePolicyText();
        } catch (LifecyclePolicyNotFoundException e) {
            return null;
        }
    }

    /** The most recently pushed tagged image as REPOSITORY_URI:TAG, or null when there is none. */
    private String newestImage(String repositoryUri) {
        List<ImageDetail> images = ecr.describeImagesPaginator(r -> r.repositoryName(names.ecrRepository())
                .filter(f -> f.tagStatus(TagStatus.TAGGED))).imageDetails().stream().toList();
        return images.stream().filter(i -> !i.imageTags().isEmpty())
                .max(Comparator.comparing(ImageDetail::imagePushedAt))
                .map(i -> repositoryUri + ":" + i.imageTags().get(0)).orElse(null);
    }

    String createRepository() {
        String uri = ecr.createRepository(r -> r.repositoryName(names.ecrRepository())
                .imageScanningConfiguration(s -> s.scanOnPush(true))
                .tags(names.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))
                .repository().repositoryUri();
        console.detail("  created ECR repository " + uri);
        return uri;
    }

    void scanOnPush() {
        ecr.putImageScanningConfiguration(r -> r.repositoryName(names.ecrRepository()).imageScanningConfiguration(s -> s.scanOnPush(true)));
    }

    void putLifecyclePolicy(String policyText) {
        ecr.putLifecyclePolicy(r -> r.repositoryName(names.ecrRepository()).lifecyclePolicyText(policyText));
    }

    /** force: the images go with the repository. */
    void deleteRepository() {
        ecr.deleteRepository(r -> r.repositoryName(names.ecrRepository()).force(true));
    }
}
