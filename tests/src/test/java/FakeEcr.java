import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
        return DescribeRepositoriesResponse.builder().repositories(Repository.builder().repositoryName(name)
                .registryId(FakeEcs.ACCOUNT).repositoryUri(REGISTRY + "/" + name).build()).build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        Set<String> tags = tags(request.repositoryName());
        for (ImageIdentifier id : request.imageIds()) {
            if (id.imageTag() == null || !tags.contains(id.imageTag())) {
                throw ImageNotFoundException.builder().statusCode(400).message("The image with imageId {imageDigest:'"
                        + id.imageDigest() + "', imageTag:'" + id.imageTag() + "'} does not exist within the repository with name '"
                        + request.repositoryName() + "' in the registry with id '" + FakeEcs.ACCOUNT + "'").build();
            }
        }
        return DescribeImagesResponse.builder().imageDetails(request.imageIds().stream()
                .map(id -> ImageDetail.builder().repositoryName(request.repositoryName()).imageTags(id.imageTag()).build())
                .toList()).build();
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {
    }
}
