import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/** The ECS look-ups several commands share, each AWS action in its own small method. */
final class Ecs {
    private final LabsOptions labs;
    private final EcsClient ecs;
    private final String cluster;

    Ecs(LabsOptions labs) {
        this.labs = labs;
        this.ecs = labs.aws().client(EcsClient.class, EcsClient::builder);
        this.cluster = labs.names().cluster();
    }

    EcsClient client() {
        return ecs;
    }

    String cluster() {
        return cluster;
    }

    /**
     * DescribeServices answers a missing service with a failures entry (reason MISSING) rather
     * than an exception, and a missing cluster with ClusterNotFoundException.
     */
    Optional<Service> findService(String serviceName) {
        try {
            return ecs.describeServices(r -> r.cluster(cluster).services(serviceName)).services().stream()
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

    LabsException missingCluster() {
        return labs.notFound("ECS cluster", cluster, "check --prefix and --region, or run provision");
    }

    boolean clusterExists() {
        return ecs.describeClusters(r -> r.clusters(cluster)).clusters().stream()
                .anyMatch(c -> "ACTIVE".equals(c.status()));
    }

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
        List<Task> tasks = new java.util.ArrayList<>();
        for (int start = 0; start < arns.size(); start += 100) {
            List<String> batch = arns.subList(start, Math.min(arns.size(), start + 100));
            tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks());
        }
        return tasks;
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
