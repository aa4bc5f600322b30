import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterContainsTasksException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Every call labs makes to ECS, each AWS action in its own small method: the cluster, the app's
 * services and their deployments, tasks, and task-definition revisions.
 */
final class Ecs {
    /** How often teardown retries deleting a cluster whose tasks are still stopping, and for how long. */
    private static final Duration CLUSTER_RETRY = Duration.ofSeconds(15);
    private static final Duration CLUSTER_PATIENCE = Duration.ofMinutes(10);

    private final LabsOptions labs;
    private final EcsClient ecs;
    private final Names names;
    private final String cluster;

    Ecs(LabsOptions labs) {
        this.labs = labs;
        this.ecs = labs.aws().client(EcsClient.class, EcsClient::builder);
        this.names = labs.names();
        this.cluster = names.cluster();
    }

    String cluster() {
        return cluster;
    }

    // ---- Services

    /**
     * DescribeServices answers a missing service with a failures entry (reason MISSING) rather
     * than an exception, and a missing cluster with ClusterNotFoundException. The service's tags
     * come only with include=TAGS (they say whether the environment sleeps, see SleepTags).
     */
    Optional<Service> findService(String serviceName) {
        try {
            return ecs.describeServices(r -> r.cluster(cluster).services(serviceName).include(ServiceField.TAGS)).services().stream()
                    .filter(s -> !"INACTIVE".equals(s.status()))
                    .findFirst();
        } catch (ClusterNotFoundException e) {
            throw missingCluster();
        }
    }

    Service service(String serviceName) {
        return findService(serviceName).orElseThrow(() -> labs.notFound("ECS service", serviceName,
                "check --prefix and --region, or run provision"));
    }

    Service service(AppService service) {
        return service(names.service(service));
    }

    /** DescribeServices, up to 10 services a call; a missing service is left out. */
    List<Service> describeServices(Collection<String> serviceNames) {
        return ecs.describeServices(r -> r.cluster(cluster).services(serviceNames)).services();
    }

    LabsException missingCluster() {
        return labs.notFound("ECS cluster", cluster, "check --prefix and --region, or run provision");
    }

    /** DescribeClusters answers a missing cluster with a failures entry; a deleted one stays INACTIVE for a while. */
    boolean clusterExists() {
        return ecs.describeClusters(r -> r.clusters(cluster)).clusters().stream()
                .anyMatch(c -> "ACTIVE".equals(c.status()));
    }

    /** UpdateService to a revision, and to a desired count unless that is null. */
    Service update(String serviceName, String taskDefinitionArn, Integer desiredCount) {
        return ecs.updateService(r -> r.cluster(cluster).service(serviceName).taskDefinition(taskDefinitionArn)
                .desiredCount(desiredCount)).service();
    }

    /** TagResource: adds the tags to the resource, replacing the values of keys it has already. */
    void tag(String arn, Map<String, String> tags) {
        ecs.tagResource(r -> r.resourceArn(arn).tags(tags.entrySet().stream()
                .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList()));
    }

    /** UntagResource: a key the resource does not have is no error. */
    void untag(String arn, Collection<String> keys) {
        ecs.untagResource(r -> r.resourceArn(arn).tagKeys(keys));
    }

    /** UpdateService with forceNewDeployment: new tasks of the same revision. */
    Service forceNewDeployment(String serviceName) {
        return ecs.updateService(r -> r.cluster(cluster).service(serviceName).forceNewDeployment(true)).service();
    }

    // ---- Tasks

    List<Task> tasks(String serviceName, DesiredStatus desiredStatus) {
        List<String> arns;
        try {
            arns = ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(serviceName).desiredStatus(desiredStatus))
                    .taskArns().stream().toList();
        } catch (ClusterNotFoundException e) {
            throw missingCluster();
        }
        return describeTasks(arns);
    }

    /** DescribeTasks takes at most 100 tasks a call. */
    List<Task> describeTasks(List<String> arns) {
        List<Task> tasks = new ArrayList<>();
        for (int start = 0; start < arns.size(); start += 100) {
            List<String> batch = arns.subList(start, Math.min(arns.size(), start + 100));
            tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks());
        }
        return tasks;
    }

    /** DescribeTasks of one task; empty when ECS answers MISSING for it. */
    Optional<Task> findTask(String taskArn) {
        return ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArn)).tasks().stream().findFirst();
    }

    List<Task> runningTasks(String serviceName) {
        return tasks(serviceName, DesiredStatus.RUNNING).stream()
                .filter(t -> "RUNNING".equals(t.lastStatus()))
                .sorted(Comparator.comparing(Ecs::startedAt).reversed())
                .toList();
    }

    Optional<Task> newestStoppedTask(String serviceName) {
        return tasks(serviceName, DesiredStatus.STOPPED).stream()
                .max(Comparator.comparing(t -> t.stoppedAt() == null ? Instant.EPOCH : t.stoppedAt()));
    }

    /** RunTask reports a task it could not place in "failures", not as an exception. Returns the task's ARN. */
    String runTask(RunTaskRequest request) {
        RunTaskResponse response = ecs.runTask(request);
        if (response.tasks().isEmpty()) {
            String reasons = response.failures().stream()
                    .map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")")).toList().toString();
            throw LabsException.failed("ECS could not start the task: " + reasons);
        }
        return response.tasks().get(0).taskArn();
    }

    /** StopTask: ECS sends SIGTERM, then SIGKILL after the stop timeout; the task still reports its exit code. */
    void stopTask(String taskArn, String reason) {
        ecs.stopTask(r -> r.cluster(cluster).task(taskArn).reason(reason));
    }

    // ---- Task-definition revisions

    /** DescribeTaskDefinition, the definition alone. */
    TaskDefinition taskDefinition(String taskDefinition) {
        return ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition();
    }

    /** DescribeTaskDefinition with include=TAGS: without it the tags are not returned. */
    Revision revision(String taskDefinition) {
        try {
            DescribeTaskDefinitionResponse response = ecs.describeTaskDefinition(
                    r -> r.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS));
            return new Revision(response.taskDefinition(), response.tags());
        } catch (ClientException e) {
            // ECS answers an unknown family or revision with a ClientException "Unable to describe task definition."
            throw LabsException.failed("ECS cannot describe the task definition " + taskDefinition
                    + ": no such family or revision in this region? (rollback --list shows the revisions)");
        }
    }

    /** RegisterTaskDefinition: the family's next revision. */
    Revision register(RegisterTaskDefinitionRequest request) {
        var response = ecs.registerTaskDefinition(request);
        return new Revision(response.taskDefinition(), response.tags());
    }

    /** ListTaskDefinitions of one family, ACTIVE revisions only (an INACTIVE one cannot run), newest first. */
    List<String> activeRevisionArns(String family, int max) {
        List<String> arns = new ArrayList<>();
        for (String arn : ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family)
                .status(TaskDefinitionStatus.ACTIVE).sort(SortOrder.DESC)).taskDefinitionArns()) {
            arns.add(arn);
            if (arns.size() == max) break;
        }
        return arns;
    }

    // ---- The stack's ECS resources, for provision and teardown

    /** The newest ACTIVE revision of each service's family. */
    Map<AppService, String> newestTaskDefinitions() {
        Map<AppService, String> newest = new EnumMap<>(AppService.class);
        for (AppService service : AppService.values()) {
            ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily(service)).status(TaskDefinitionStatus.ACTIVE)
                    .sort(SortOrder.DESC).maxResults(1)).taskDefinitionArns().stream().findFirst()
                    .ifPresent(arn -> newest.put(service, arn));
        }
        return newest;
    }

    Set<AppService> familiesWithInactiveRevisions() {
        Set<AppService> services = EnumSet.noneOf(AppService.class);
        for (AppService service : AppService.values()) {
            if (!ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily(service)).status(TaskDefinitionStatus.INACTIVE)
                    .maxResults(1)).taskDefinitionArns().isEmpty()) {
                services.add(service);
            }
        }
        return services;
    }

    /**
     * Whether the stack's ECS resources carry this prefix's labs tag (ListTagsForResource), for
     * teardown; empty when the cluster is not ACTIVE.
     */
    Optional<Boolean> clusterIsOwn() {
        return ecs.describeClusters(r -> r.clusters(cluster)).clusters().stream().filter(c -> "ACTIVE".equals(c.status()))
                .findFirst().map(c -> isOwn(c.clusterArn()));
    }

    /** The services that exist, and whether each carries this prefix's labs tag. */
    Map<AppService, Boolean> servicesOwn() {
        Map<AppService, Boolean> own = new EnumMap<>(AppService.class);
        for (AppService service : AppService.values()) {
            findService(names.service(service)).ifPresent(s -> own.put(service, isOwn(s.serviceArn())));
        }
        return own;
    }

    /** The task-definition families that exist, and whether the newest revision (INACTIVE when none is ACTIVE) carries the tag. */
    Map<AppService, Boolean> familiesOwn() {
        Map<AppService, Boolean> own = new EnumMap<>(AppService.class);
        for (AppService service : AppService.values()) {
            String family = names.taskFamily(service);
            newestRevision(family, TaskDefinitionStatus.ACTIVE).or(() -> newestRevision(family, TaskDefinitionStatus.INACTIVE))
                    .ifPresent(arn -> own.put(service, isOwn(arn)));
        }
        return own;
    }

    private Optional<String> newestRevision(String family, TaskDefinitionStatus status) {
        return ecs.listTaskDefinitions(r -> r.familyPrefix(family).status(status).sort(SortOrder.DESC).maxResults(1))
                .taskDefinitionArns().stream().findFirst();
    }

    private boolean isOwn(String arn) {
        return ecs.listTagsForResource(r -> r.resourceArn(arn)).tags().stream().anyMatch(t -> names.isOwnTag(t.key(), t.value()));
    }

    /** The app's services as provision compares them with what it wants. */
    Map<AppService, Observed.EcsService> observedServices() {
        Map<AppService, Observed.EcsService> found = new EnumMap<>(AppService.class);
        Map<String, AppService> byName = new LinkedHashMap<>();
        for (AppService service : AppService.values()) byName.put(names.service(service), service);
        for (Service service : describeServices(byName.keySet())) {
            if ("INACTIVE".equals(service.status())) continue;
            AppService key = byName.get(service.serviceName());
            var deployment = service.deploymentConfiguration();
            var breaker = deployment == null ? null : deployment.deploymentCircuitBreaker();
            var network = service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
            found.put(key, new Observed.EcsService(service.serviceName(), service.status(), service.desiredCount(),
                    deployment == null || deployment.minimumHealthyPercent() == null ? 100 : deployment.minimumHealthyPercent(),
                    deployment == null || deployment.maximumPercent() == null ? 200 : deployment.maximumPercent(),
                    breaker != null && Boolean.TRUE.equals(breaker.enable()), breaker != null && Boolean.TRUE.equals(breaker.rollback()),
                    service.launchTypeAsString(), service.capacityProviderStrategy().stream()
                            .map(CapacityProviderStrategyItem::capacityProvider).toList(),
                    network != null && network.assignPublicIp() == AssignPublicIp.ENABLED));
        }
        return found;
    }

    /** The capacity providers associated with the cluster (DescribeClusters); none when it is not ACTIVE. */
    List<String> clusterCapacityProviders() {
        return ecs.describeClusters(r -> r.clusters(cluster)).clusters().stream().filter(c -> "ACTIVE".equals(c.status()))
                .findFirst().map(c -> List.copyOf(c.capacityProviders())).orElse(List.of());
    }

    /** CreateCluster; with capacity providers (FARGATE, FARGATE_SPOT) when services are to use a strategy of them. */
    void createCluster(List<String> capacityProviders) {
        ecs.createCluster(r -> {
            r.clusterName(cluster).tags(tags());
            if (!capacityProviders.isEmpty()) r.capacityProviders(capacityProviders);
        });
        labs.console().detail("  created ECS cluster " + cluster + (capacityProviders.isEmpty() ? ""
                : " with the capacity providers " + String.join(" and ", capacityProviders)));
    }

    /**
     * PutClusterCapacityProviders replaces the cluster's providers and its default strategy: the
     * ones it has stay, with its default strategy as it is, and the missing ones are added.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
     */
    void addCapacityProviders(List<String> wanted) {
        Cluster described = ecs.describeClusters(r -> r.clusters(cluster)).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status())).findFirst().orElseThrow(this::missingCluster);
        List<String> providers = new ArrayList<>(described.capacityProviders());
        wanted.stream().filter(p -> !providers.contains(p)).forEach(providers::add);
        // both lists are required: an empty default strategy goes as [], not left out
        ecs.putClusterCapacityProviders(r -> r.cluster(cluster).capacityProviders(providers)
                .defaultCapacityProviderStrategy(new ArrayList<>(described.defaultCapacityProviderStrategy())));
        labs.console().detail("  " + cluster + " has the capacity providers " + String.join(", ", providers));
    }

    /**
     * CreateService on Fargate: the launch type FARGATE on demand; for Spot a capacity provider
     * strategy instead (ECS refuses both together).
     */
    void createService(AppService service, String taskDefinitionArn, int desiredCount, List<String> subnetIds,
            String securityGroupId, DeploymentConfiguration deployment, Capacity capacity) {
        ecs.createService(r -> {
            r.cluster(cluster).serviceName(names.service(service))
                    .taskDefinition(taskDefinitionArn).desiredCount(desiredCount)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetIds).securityGroups(securityGroupId)
                            .assignPublicIp(AssignPublicIp.ENABLED)))
                    .deploymentConfiguration(deployment)
                    .propagateTags(PropagateTags.SERVICE)
                    .tags(tags());
            if (capacity == Capacity.SPOT) r.capacityProviderStrategy(strategy(capacity));
            else r.launchType(LaunchType.FARGATE);
        });
        labs.console().detail("  created ECS service " + names.service(service) + " on " + capacity.label + " with " + desiredCount
                + " task" + (desiredCount == 1 ? "" : "s"));
    }

    /**
     * UpdateService to a capacity provider strategy of one Fargate provider. A service created with
     * a launch type, or on another strategy, may move only with forceNewDeployment (ECS answers
     * InvalidParameterException without it), and the strategy alone would start no deployment
     * anyway: its running tasks move at once, in a rolling deployment. A Spot service goes back to
     * on-demand through the strategy FARGATE rather than the launch type: the same capacity, and a
     * strategy change that every ECS endpoint accepts.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
     */
    Service moveTo(AppService service, Capacity capacity) {
        Service updated = ecs.updateService(r -> r.cluster(cluster).service(names.service(service))
                .capacityProviderStrategy(strategy(capacity)).forceNewDeployment(true)).service();
        labs.console().detail("  " + names.service(service) + " moves to " + capacity.label + " (a new deployment)");
        return updated;
    }

    private static CapacityProviderStrategyItem strategy(Capacity capacity) {
        return CapacityProviderStrategyItem.builder().capacityProvider(capacity.provider).weight(1).build();
    }

    /** force: ECS stops the tasks itself. */
    void deleteService(AppService service) {
        ecs.deleteService(r -> r.cluster(cluster).service(names.service(service)).force(true));
    }

    /**
     * Deregistered revisions stay listed as INACTIVE; DeleteTaskDefinitions (at most 10 a call)
     * removes them, so that nothing of the family is left behind.
     */
    void deleteTaskDefinitions(AppService service) {
        revisions(service, TaskDefinitionStatus.ACTIVE).forEach(arn -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        List<String> inactive = revisions(service, TaskDefinitionStatus.INACTIVE);
        for (int start = 0; start < inactive.size(); start += 10) {
            List<String> batch = inactive.subList(start, Math.min(inactive.size(), start + 10));
            ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch));
        }
    }

    private List<String> revisions(AppService service, TaskDefinitionStatus status) {
        return ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(names.taskFamily(service)).status(status))
                .taskDefinitionArns().stream().toList();
    }

    /** Deleted services keep the cluster busy until their tasks stop: retry for up to ten minutes. */
    void deleteCluster() {
        RuntimeException[] busy = new RuntimeException[1];
        Waits.poll(labs.ticker(), CLUSTER_RETRY, CLUSTER_PATIENCE, elapsed -> {
            try {
                ecs.deleteCluster(r -> r.cluster(cluster));
                return Optional.of(true);
            } catch (ClusterContainsServicesException | ClusterContainsTasksException e) {
                if (busy[0] == null) labs.console().info("  " + cluster + " still has tasks stopping; retrying");
                busy[0] = e;
                return Optional.empty();
            }
        }, elapsed -> {
            throw busy[0];
        });
    }

    private List<software.amazon.awssdk.services.ecs.model.Tag> tags() {
        return names.tags().entrySet().stream()
                .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    // ---- Reading ECS's answers

    static Instant startedAt(Task task) {
        return task.startedAt() == null ? Instant.EPOCH : task.startedAt();
    }

    static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** "family:revision" of a task-definition ARN. */
    static String revisionOf(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    static Optional<String> networkInterfaceId(Task task) {
        return task.attachments().stream()
                .filter(a -> "ElasticNetworkInterface".equals(a.type()))
                .flatMap(a -> a.details().stream())
                .filter(d -> "networkInterfaceId".equals(d.name()))
                .map(d -> d.value())
                .findFirst();
    }

    static Optional<ServiceEvent> newestEvent(Service service) {
        return service.events().stream().findFirst();
    }

    /** "desired 1, running 0, pending 1", the counts people look at first. */
    static String counts(Service service) {
        return "desired " + service.desiredCount() + ", running " + service.runningCount() + ", pending "
                + service.pendingCount();
    }
}
