import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.*;

/**
 * In-memory ECR repositories (ECR API reference): unknown names throw RepositoryNotFoundException,
 * a repository without a lifecycle policy throws LifecyclePolicyNotFoundException, deleting a
 * repository with images needs force (RepositoryNotEmptyException), and a lifecycle policy whose
 * tagStatus "any" rule does not have the highest rulePriority is refused.
 */
class FakeEcr implements EcrClient {
    Faults faults = new Faults();
    final Map<String, Repository> repositories = new LinkedHashMap<>();
    final Map<String, List<software.amazon.awssdk.services.ecr.model.Tag>> tags = new LinkedHashMap<>();
    final Map<String, String> lifecyclePolicies = new LinkedHashMap<>();
    final Map<String, List<ImageDetail>> images = new LinkedHashMap<>();

    static String uri(String name) {
        return FakeEcs.ACCOUNT + ".dkr.ecr." + FakeEcs.REGION + ".amazonaws.com/" + name;
    }

    FakeEcr pushImage(String repository, String tag) {
        List<ImageDetail> list = images.computeIfAbsent(repository, r -> new ArrayList<>());
        list.add(ImageDetail.builder().repositoryName(repository).imageDigest("sha256:" + String.format("%064x", list.size() + 1))
                .imageTags(tag).imagePushedAt(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(list.size())).build());
        return this;
    }

    private Repository require(String name) {
        Repository repository = repositories.get(name);
        if (repository == null) {
            throw RepositoryNotFoundException.builder().statusCode(400).message("The repository with name '" + name
                    + "' does not exist in the registry with id '" + FakeEcs.ACCOUNT + "'").build();
        }
        return repository;
    }

    @Override
    public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest request) {
        return DescribeRepositoriesResponse.builder().repositories(request.repositoryNames().stream().map(this::require).toList()).build();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
        String name = request.resourceArn().substring(request.resourceArn().indexOf("repository/") + "repository/".length());
        require(name);
        return ListTagsForResourceResponse.builder().tags(tags.getOrDefault(name, List.of())).build();
    }

    @Override
    public GetLifecyclePolicyResponse getLifecyclePolicy(GetLifecyclePolicyRequest request) {
        require(request.repositoryName());
        String policy = lifecyclePolicies.get(request.repositoryName());
        if (policy == null) {
            throw LifecyclePolicyNotFoundException.builder().statusCode(400).message("Lifecycle policy does not exist").build();
        }
        return GetLifecyclePolicyResponse.builder().repositoryName(request.repositoryName()).lifecyclePolicyText(policy).build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        require(request.repositoryName());
        return DescribeImagesResponse.builder().imageDetails(images.getOrDefault(request.repositoryName(), List.of())).build();
    }

    @Override
    public CreateRepositoryResponse createRepository(CreateRepositoryRequest request) {
        return faults.call("ecr:CreateRepository", () -> {
            if (repositories.containsKey(request.repositoryName())) {
                throw RepositoryAlreadyExistsException.builder().statusCode(400).message("The repository already exists").build();
            }
            Repository repository = Repository.builder().repositoryName(request.repositoryName())
                    .repositoryArn("arn:aws:ecr:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":repository/" + request.repositoryName())
                    .repositoryUri(uri(request.repositoryName())).registryId(FakeEcs.ACCOUNT)
                    .imageScanningConfiguration(request.imageScanningConfiguration() == null
                            ? ImageScanningConfiguration.builder().scanOnPush(false).build() : request.imageScanningConfiguration())
                    .build();
            repositories.put(request.repositoryName(), repository);
            tags.put(request.repositoryName(), request.tags());
            return CreateRepositoryResponse.builder().repository(repository).build();
        });
    }

    @Override
    public PutImageScanningConfigurationResponse putImageScanningConfiguration(PutImageScanningConfigurationRequest request) {
        return faults.call("ecr:PutImageScanningConfiguration", () -> {
            Repository repository = require(request.repositoryName());
            repositories.put(repository.repositoryName(), repository.toBuilder()
                    .imageScanningConfiguration(request.imageScanningConfiguration()).build());
            return PutImageScanningConfigurationResponse.builder().build();
        });
    }

    @Override
    public PutLifecyclePolicyResponse putLifecyclePolicy(PutLifecyclePolicyRequest request) {
        return faults.call("ecr:PutLifecyclePolicy", () -> {
            require(request.repositoryName());
            List<JsonNode> rules = JsonNode.parser().parse(request.lifecyclePolicyText()).field("rules").orElseThrow().asArray();
            int highest = rules.stream().mapToInt(r -> Integer.parseInt(r.field("rulePriority").orElseThrow().asNumber())).max().orElse(0);
            for (JsonNode rule : rules) {
                boolean any = "any".equals(rule.field("selection").orElseThrow().field("tagStatus").orElseThrow().asString());
                if (any && Integer.parseInt(rule.field("rulePriority").orElseThrow().asNumber()) != highest) {
                    throw InvalidParameterException.builder().statusCode(400)
                            .message("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Rule with tagStatus any must have the highest value for rulePriority'").build();
                }
            }
            lifecyclePolicies.put(request.repositoryName(), request.lifecyclePolicyText());
            return PutLifecyclePolicyResponse.builder().build();
        });
    }

    @Override
    public DeleteRepositoryResponse deleteRepository(DeleteRepositoryRequest request) {
        return faults.call("ecr:DeleteRepository", () -> {
            require(request.repositoryName());
            if (!images.getOrDefault(request.repositoryName(), List.of()).isEmpty() && !Boolean.TRUE.equals(request.force())) {
                throw RepositoryNotEmptyException.builder().statusCode(400).message("The repository cannot be deleted because it still contains images").build();
            }
            repositories.remove(request.repositoryName());
            images.remove(request.repositoryName());
            lifecyclePolicies.remove(request.repositoryName());
            tags.remove(request.repositoryName());
            return DeleteRepositoryResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {
    }
}
