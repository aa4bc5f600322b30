import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Decisions about task-definition revisions: which container runs the app, and the register
 * request that copies a revision with only that container changed (its image, environment, health
 * check). ECS itself is read and written through {@link Ecs}.
 */
final class Revisions {
    /** The register request's field that DescribeTaskDefinition returns beside the definition, not in it. */
    static final String TAGS_FIELD = "tags";

    private final Ecs ecs;
    private final String ecrRepository;

    Revisions(LabsOptions labs, Ecs ecs) {
        this.ecs = ecs;
        this.ecrRepository = labs.names().ecrRepository();
    }

    /** Registers the live revision again with the app container changed (its image, its environment). */
    Revision registerChanged(Revision live, UnaryOperator<ContainerDefinition> change) {
        return ecs.register(withContainer(live, appContainer(live.taskDefinition()).name(), change));
    }

    /** The web container's health check: a shell command, every 30 s, unhealthy after 3 failures, 60 s grace at start. */
    static HealthCheck healthCheck(String command) {
        return HealthCheck.builder().command("CMD-SHELL", command).interval(30).timeout(5).retries(3).startPeriod(60).build();
    }

    /** Fargate's runtime platform for a CPU architecture (X86_64 or ARM64, for Graviton): Linux either way. */
    static RuntimePlatform runtimePlatform(String cpuArchitecture) {
        return RuntimePlatform.builder().cpuArchitecture(cpuArchitecture).operatingSystemFamily(OSFamily.LINUX).build();
    }

    /** The container that runs the app's image: the only one, or the one whose image is the stack's ECR repository. */
    ContainerDefinition appContainer(TaskDefinition definition) {
        return appContainer(definition, ecrRepository);
    }

    static ContainerDefinition appContainer(TaskDefinition definition, String ecrRepository) {
        List<ContainerDefinition> containers = definition.containerDefinitions();
        if (containers.size() == 1) return containers.get(0);
        List<ContainerDefinition> fromRepository = containers.stream()
                .filter(c -> ecrRepository.equals(ImageRef.parse(c.image()).repository())).toList();
        if (fromRepository.size() == 1) return fromRepository.get(0);
        throw LabsException.failed("Cannot tell which container of " + Ecs.revisionOf(definition.taskDefinitionArn())
                + " runs the app: expected one container, or one whose image is in the ECR repository " + ecrRepository
                + "; found " + containers.stream().map(c -> c.name() + " (" + c.image() + ")").collect(Collectors.joining(", ")));
    }

    /** The register request for the same revision with one container's image replaced. */
    static RegisterTaskDefinitionRequest withImage(Revision live, String container, String image) {
        return withContainer(live, container, c -> c.toBuilder().image(image).build());
    }

    /** The register request for the same revision with one container changed. */
    static RegisterTaskDefinitionRequest withContainer(Revision live, String container, UnaryOperator<ContainerDefinition> change) {
        RegisterTaskDefinitionRequest copy = copyOf(live);
        List<ContainerDefinition> containers = copy.containerDefinitions().stream()
                .map(c -> c.name().equals(container) ? change.apply(c) : c).toList();
        return copy.toBuilder().containerDefinitions(containers).build();
    }

    /**
     * Every writable field of RegisterTaskDefinition, taken by name from the described revision
     * (and the tags from beside it), so that a field a newer SDK adds to both is carried over too;
     * the read-only fields (ARN, revision, status, compatibilities, registeredAt, ...) exist only
     * on TaskDefinition and are left out, as RegisterTaskDefinition rejects them.
     */
    static RegisterTaskDefinitionRequest copyOf(Revision live) {
        RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
        Map<String, SdkField<?>> described = live.taskDefinition().sdkFields().stream()
                .collect(Collectors.toMap(SdkField::memberName, field -> field));
        for (SdkField<?> field : builder.sdkFields()) {
            if (field.memberName().equals(TAGS_FIELD)) continue;
            Optional.ofNullable(described.get(field.memberName()))
                    .ifPresent(source -> field.set(builder, source.getValueOrDefault(live.taskDefinition())));
        }
        return builder.tags(live.tags()).build();
    }
}
