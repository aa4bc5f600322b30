import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterContainsTasksException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/** The ECS side of the stack: cluster, task-definition families and services. */
final class EcsStack {
    private final EcsClient ecs;
    private final Names names;
    private final Console console;
    private final Ticker ticker;

    EcsStack(LabsOptions labs, Ticker ticker) {
        this.ecs = labs.aws().client(EcsClient.class, EcsClient::builder);
        this.names = labs.names();
        this.console = labs.console();
        this.ticker = ticker;
    }

    /** DescribeClusters answers a missing cluster with a failures entry; a deleted one stays INACTIVE for a while. */
    boolean clusterActive() {
        return ecs.describeClusters(r -> r.clusters(names.cluster())).clusters().stream()
                .anyMatch(c -> "ACTIVE".equals(c.status()));
    }

    /** The newest ACTIVE revision of each service's family. */
    Map<String, String> taskDefinitions() {
        Map<String, String> newest = new LinkedHashMap<>();
        for (String service : Names.SERVICES) {
            ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily(service)).status(TaskDefinitionStatus.ACTIVE)
                    .sort(SortOrder.DESC).maxResults(1)).taskDefinitionArns().stream().findFirst()
                    .ifPresent(arn -> newest.put(service, arn));
        }
        return newest;
    }

    Set<String> familiesWithInactiveRevisions() {
        Set<String> services = new LinkedHashSet<>();
        for (String service : Names.SERVICES) {
            if (!ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily(service)).status(TaskDefinitionStatus.INACTIVE)
                    .maxResults(1)).taskDefinitionArns().isEmpty()) {
                services.add(service);
            }
        }
        return services;
    }

    Map<String, Observed.EcsService> services() {
        Map<String, Observed.EcsService> found = new LinkedHashMap<>();
        List<String> serviceNames = Names.SERVICES.stream().map(names::service).toList();
        for (Service service : ecs.describeServices(r -> r.cluster(names.cluster()).services(serviceNames)).services()) {
            if ("INACTIVE".equals(service.status())) continue;
            String key = Names.SERVICES.stream().filter(s -> names.service(s).equals(service.serviceName())).findFirst().orElseThrow();
            var deployment = service.deploymentConfiguration();
            var breaker = deployment == null ? null : deployment.deploymentCircuitBreaker();
            var network = service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
            found.put(key, new Observed.EcsService(service.serviceName(), service.status(), service.desiredCount(),
                    deployment == null || deployment.minimumHealthyPercent() == null ? 100 : deployment.minimumHealthyPercent(),
                    deployment == null || deployment.maximumPercent() == null ? 200 : deployment.maximumPercent(),
                    breaker != null && Boolean.TRUE.equals(breaker.enable()), breaker != null && Boolean.TRUE.equals(breaker.rollback()),
                    service.launchTypeAsString(), network != null && network.assignPublicIp() == AssignPublicIp.ENABLED));
        }
        return found;
    }

    void createCluster() {
        ecs.createCluster(r -> r.clusterName(names.cluster()).tags(tags()));
        console.detail("  created ECS cluster " + names.cluster());
    }

    String register(RegisterTaskDefinitionRequest request) {
        String arn = ecs.registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
        console.detail("  registered task definition " + Ecs.revisionOf(arn));
        return arn;
    }

    void createService(String service, String taskDefinitionArn, int desiredCount, List<String> subnetIds, String securityGroupId,
            DeploymentConfiguration deployment) {
        ecs.createService(r -> r.cluster(names.cluster()).serviceName(names.service(service))
                .taskDefinition(taskDefinitionArn).desiredCount(desiredCount).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetIds).securityGroups(securityGroupId)
                        .assignPublicIp(AssignPublicIp.ENABLED)))
                .deploymentConfiguration(deployment)
                .propagateTags(software.amazon.awssdk.services.ecs.model.PropagateTags.SERVICE)
                .tags(tags()));
        console.detail("  created ECS service " + names.service(service) + " with " + desiredCount + " task"
                + (desiredCount == 1 ? "" : "s"));
    }

    /** force: ECS stops the tasks itself. */
    void deleteService(String service) {
        ecs.deleteService(r -> r.cluster(names.cluster()).service(names.service(service)).force(true));
    }

    /**
     * Deregistered revisions stay listed as INACTIVE; DeleteTaskDefinitions (at most 10 a call)
     * removes them, so that nothing of the family is left behind.
     */
    void deleteTaskDefinitions(String service) {
        revisions(service, TaskDefinitionStatus.ACTIVE).forEach(arn -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        List<String> inactive = revisions(service, TaskDefinitionStatus.INACTIVE);
        for (int start = 0; start < inactive.size(); start += 10) {
            List<String> batch = inactive.subList(start, Math.min(inactive.size(), start + 10));
            ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch));
        }
    }

    private List<String> revisions(String service, TaskDefinitionStatus status) {
        return ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(names.taskFamily(service)).status(status))
                .taskDefinitionArns().stream().toList();
    }

    /** Deleted services keep the cluster busy until their tasks stop: retry for up to ten minutes. */
    void deleteCluster() {
        Duration waited = Duration.ZERO;
        Duration interval = Duration.ofSeconds(15);
        while (true) {
            try {
                ecs.deleteCluster(r -> r.cluster(names.cluster()));
                return;
            } catch (ClusterContainsServicesException | ClusterContainsTasksException e) {
                if (waited.compareTo(Duration.ofMinutes(10)) >= 0) throw e;
                if (waited.isZero()) console.info("  " + names.cluster() + " still has tasks stopping; retrying");
                ticker.sleep(interval);
                waited = waited.plus(interval);
            }
        }
    }

    private List<software.amazon.awssdk.services.ecs.model.Tag> tags() {
        return names.tags().entrySet().stream()
                .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }
}
