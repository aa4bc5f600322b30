import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * An in-memory ECS that answers like ECS where the scripts depend on it. Sources: ECS API
 * reference, DescribeServices / DescribeClusters / DescribeTasks ("failures" with reason MISSING
 * for unknown names, no exception), ListTasks (only desiredStatus RUNNING unless asked; a missing
 * cluster throws ClusterNotFoundException), task lifecycle states and stop codes.
 */
class FakeEcs implements EcsClient {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";

    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    final Map<String, Service> services = new LinkedHashMap<>();
    final Map<String, List<TaskDefinition>> taskDefinitions = new LinkedHashMap<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private int taskCounter;

    static String arn(String resource) {
        return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    FakeEcs cluster(String name) {
        clusters.put(name, Cluster.builder().clusterName(name).clusterArn(arn("cluster/" + name)).status("ACTIVE").build());
        return this;
    }

    TaskDefinition registerTaskDefinition(String family, String image) {
        List<TaskDefinition> revisions = taskDefinitions.computeIfAbsent(family, f -> new ArrayList<>());
        int revision = revisions.size() + 1;
        TaskDefinition definition = TaskDefinition.builder()
                .family(family).revision(revision).status("ACTIVE")
                .taskDefinitionArn(arn("task-definition/" + family + ":" + revision))
                .registeredAt(Instant.parse("2026-11-01T10:00:00Z").plusSeconds(3600L * revision))
                .containerDefinitions(ContainerDefinition.builder().name(family.replaceAll(".*-", "")).image(image).build())
                .build();
        revisions.add(definition);
        return definition;
    }

    Service service(String cluster, String name, TaskDefinition taskDefinition, int desired, int running) {
        Service service = Service.builder()
                .serviceName(name).serviceArn(arn("service/" + cluster + "/" + name)).clusterArn(arn("cluster/" + cluster))
                .status("ACTIVE").desiredCount(desired).runningCount(running).pendingCount(desired - running)
                .taskDefinition(taskDefinition.taskDefinitionArn())
                .deployments(d -> d.id("ecs-svc/1").status("PRIMARY").taskDefinition(taskDefinition.taskDefinitionArn())
                        .desiredCount(desired).runningCount(running).rolloutState("COMPLETED"))
                .events(ServiceEvent.builder().id("e1").createdAt(Instant.parse("2026-11-26T09:00:00Z"))
                        .message("(service " + name + ") has reached a steady state.").build())
                .build();
        services.put(cluster + "/" + name, service);
        return service;
    }

    void updateService(String cluster, String name, UnaryOperator<Service.Builder> change) {
        services.computeIfPresent(cluster + "/" + name, (k, s) -> change.apply(s.toBuilder()).build());
    }

    /** A task of a service in the given state, with an awsvpc network interface. */
    Task task(String cluster, String service, TaskDefinition taskDefinition, String lastStatus, String networkInterfaceId) {
        taskCounter++;
        String id = String.format("%032x", taskCounter);
        boolean stopped = "STOPPED".equals(lastStatus);
        Task task = Task.builder()
                .taskArn(arn("task/" + cluster + "/" + id)).clusterArn(arn("cluster/" + cluster))
                .group("service:" + service).taskDefinitionArn(taskDefinition.taskDefinitionArn())
                .lastStatus(lastStatus).desiredStatus(stopped ? "STOPPED" : "RUNNING")
                .startedAt(Instant.parse("2026-11-26T08:00:00Z").plusSeconds(taskCounter))
                .attachments(Attachment.builder().type("ElasticNetworkInterface").status("ATTACHED")
                        .details(KeyValuePair.builder().name("subnetId").value("subnet-1").build(),
                                KeyValuePair.builder().name("networkInterfaceId").value(networkInterfaceId).build(),
                                KeyValuePair.builder().name("privateIPv4Address").value("10.0.1." + (10 + taskCounter)).build())
                        .build())
                .build();
        tasks.put(task.taskArn(), task);
        return task;
    }

    Task stop(Task task, String stopCode, String stoppedReason, int exitCode, String containerReason) {
        Task stopped = task.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED")
                .stopCode(stopCode).stoppedReason(stoppedReason)
                .stoppedAt(Ecs.startedAt(task).plusSeconds(30))
                .containers(Container.builder().name("web").exitCode(exitCode).reason(containerReason).lastStatus("STOPPED").build())
                .build();
        tasks.put(task.taskArn(), stopped);
        return stopped;
    }

    private void requireCluster(String cluster) {
        if (!clusters.containsKey(cluster)) {
            throw ClusterNotFoundException.builder().message("Cluster not found.").build();
        }
    }

    private static String clusterName(String clusterOrArn) {
        return clusterOrArn == null ? "default" : clusterOrArn.substring(clusterOrArn.lastIndexOf('/') + 1);
    }

    @Override
    public DescribeClustersResponse describeClusters(DescribeClustersRequest request) {
        calls.add("DescribeClusters");
        List<Cluster> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String name : request.clusters()) {
            Cluster cluster = clusters.get(clusterName(name));
            if (cluster != null) found.add(cluster);
            else failures.add(Failure.builder().arn(arn("cluster/" + name)).reason("MISSING").build());
        }
        return DescribeClustersResponse.builder().clusters(found).failures(failures).build();
    }

    @Override
    public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
        calls.add("DescribeServices");
        String cluster = clusterName(request.cluster());
        requireCluster(cluster);
        List<Service> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String name : request.services()) {
            Service service = services.get(cluster + "/" + name.substring(name.lastIndexOf('/') + 1));
            if (service != null) found.add(service);
            else failures.add(Failure.builder().arn(arn("service/" + cluster + "/" + name)).reason("MISSING").build());
        }
        return DescribeServicesResponse.builder().services(found).failures(failures).build();
    }

    @Override
    public ListTasksResponse listTasks(ListTasksRequest request) {
        calls.add("ListTasks");
        String cluster = clusterName(request.cluster());
        requireCluster(cluster);
        String desired = request.desiredStatus() == null ? DesiredStatus.RUNNING.toString() : request.desiredStatusAsString();
        List<String> arns = tasks.values().stream()
                .filter(t -> t.clusterArn().equals(arn("cluster/" + cluster)))
                .filter(t -> request.serviceName() == null || ("service:" + request.serviceName()).equals(t.group()))
                .filter(t -> desired.equals(t.desiredStatus()))
                .map(Task::taskArn)
                .toList();
        return ListTasksResponse.builder().taskArns(arns).build();
    }

    @Override
    public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
        calls.add("DescribeTasks");
        requireCluster(clusterName(request.cluster()));
        List<Task> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String arn : request.tasks()) {
            Task task = tasks.values().stream().filter(t -> t.taskArn().equals(arn) || t.taskArn().endsWith("/" + arn))
                    .findFirst().orElse(null);
            if (task != null) found.add(task);
            else failures.add(Failure.builder().arn(arn).reason("MISSING").build());
        }
        return DescribeTasksResponse.builder().tasks(found).failures(failures).build();
    }

    @Override
    public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request) {
        calls.add("DescribeTaskDefinition");
        String wanted = request.taskDefinition();
        return taskDefinitions.values().stream().flatMap(List::stream)
                .filter(d -> d.taskDefinitionArn().equals(wanted) || Ecs.revisionOf(d.taskDefinitionArn()).equals(wanted))
                .findFirst()
                .map(d -> DescribeTaskDefinitionResponse.builder().taskDefinition(d).build())
                .orElseThrow(() -> software.amazon.awssdk.services.ecs.model.ClientException.builder()
                        .message("Unable to describe task definition.").build());
    }

    // ---- What provision and teardown call (ECS API reference: CreateCluster, DeleteCluster,
    // RegisterTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition, CreateService, DeleteService).
    // A deleted service is DRAINING until its tasks stop, and DeleteCluster refuses a cluster with ACTIVE or
    // DRAINING services (ClusterContainsServicesException / ClusterContainsTasksException).

    Faults faults = new Faults();
    final List<RegisterTaskDefinitionRequest> registered = new ArrayList<>();
    final Map<String, CreateServiceRequest> createdServices = new LinkedHashMap<>();
    final Map<String, Map<String, String>> resourceTags = new LinkedHashMap<>();

    private static Map<String, String> tagMap(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @Override
    public CreateClusterResponse createCluster(CreateClusterRequest request) {
        return faults.call("ecs:CreateCluster", () -> {
            cluster(request.clusterName());
            resourceTags.put(arn("cluster/" + request.clusterName()), tagMap(request.tags()));
            return CreateClusterResponse.builder().cluster(clusters.get(request.clusterName())).build();
        });
    }

    @Override
    public DeleteClusterResponse deleteCluster(DeleteClusterRequest request) {
        return faults.call("ecs:DeleteCluster", () -> {
            String cluster = clusterName(request.cluster());
            requireCluster(cluster);
            List<Service> inCluster = services.values().stream().filter(s -> s.clusterArn().equals(arn("cluster/" + cluster))).toList();
            if (inCluster.stream().anyMatch(s -> "ACTIVE".equals(s.status()))) {
                throw ClusterContainsServicesException.builder().statusCode(400)
                        .message("The Cluster cannot be deleted while Services are active.").build();
            }
            if (inCluster.stream().anyMatch(s -> "DRAINING".equals(s.status()))) {
                inCluster.forEach(s -> updateService(cluster, s.serviceName(), b -> b.status("INACTIVE")));
                throw ClusterContainsTasksException.builder().statusCode(400)
                        .message("The Cluster cannot be deleted while Tasks are active.").build();
            }
            Cluster deleted = clusters.remove(cluster).toBuilder().status("INACTIVE").build();
            return DeleteClusterResponse.builder().cluster(deleted).build();
        });
    }

    @Override
    public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest request) {
        return faults.call("ecs:RegisterTaskDefinition", () -> {
            List<TaskDefinition> revisions = taskDefinitions.computeIfAbsent(request.family(), f -> new ArrayList<>());
            int revision = revisions.size() + 1;
            TaskDefinition definition = TaskDefinition.builder()
                    .family(request.family()).revision(revision).status("ACTIVE")
                    .taskDefinitionArn(arn("task-definition/" + request.family() + ":" + revision))
                    .registeredAt(Instant.parse("2026-11-01T10:00:00Z").plusSeconds(3600L * revision))
                    .containerDefinitions(request.containerDefinitions()).cpu(request.cpu()).memory(request.memory())
                    .networkMode(request.networkMode()).requiresCompatibilities(request.requiresCompatibilities())
                    .executionRoleArn(request.executionRoleArn()).taskRoleArn(request.taskRoleArn())
                    .build();
            revisions.add(definition);
            registered.add(request);
            return RegisterTaskDefinitionResponse.builder().taskDefinition(definition).tags(request.tags()).build();
        });
    }

    @Override
    public ListTaskDefinitionsResponse listTaskDefinitions(ListTaskDefinitionsRequest request) {
        calls.add("ListTaskDefinitions");
        String status = request.status() == null ? "ACTIVE" : request.statusAsString();
        List<String> arns = new ArrayList<>(taskDefinitions.getOrDefault(request.familyPrefix(), List.of()).stream()
                .filter(d -> status.equals(d.statusAsString())).map(TaskDefinition::taskDefinitionArn).toList());
        if (request.sort() == SortOrder.DESC) java.util.Collections.reverse(arns);
        if (request.maxResults() != null && arns.size() > request.maxResults()) arns = arns.subList(0, request.maxResults());
        return ListTaskDefinitionsResponse.builder().taskDefinitionArns(arns).build();
    }

    @Override
    public DeregisterTaskDefinitionResponse deregisterTaskDefinition(DeregisterTaskDefinitionRequest request) {
        return faults.call("ecs:DeregisterTaskDefinition", () -> {
            for (List<TaskDefinition> revisions : taskDefinitions.values()) {
                revisions.replaceAll(d -> d.taskDefinitionArn().equals(request.taskDefinition())
                        ? d.toBuilder().status("INACTIVE").build() : d);
            }
            return DeregisterTaskDefinitionResponse.builder().build();
        });
    }

    @Override
    public CreateServiceResponse createService(CreateServiceRequest request) {
        return faults.call("ecs:CreateService", () -> {
            String cluster = clusterName(request.cluster());
            requireCluster(cluster);
            Service existing = services.get(cluster + "/" + request.serviceName());
            if (existing != null && !"INACTIVE".equals(existing.status())) {
                throw InvalidParameterException.builder().statusCode(400).message("Creation of service was not idempotent.").build();
            }
            if (taskDefinitions.values().stream().flatMap(List::stream).noneMatch(d -> d.taskDefinitionArn().equals(request.taskDefinition()))) {
                throw ClientException.builder().statusCode(400).message("TaskDefinition not found.").build();
            }
            TaskDefinition definition = taskDefinitions.values().stream().flatMap(List::stream)
                    .filter(d -> d.taskDefinitionArn().equals(request.taskDefinition())).findFirst().orElseThrow();
            service(cluster, request.serviceName(), definition, request.desiredCount(), 0);
            updateService(cluster, request.serviceName(), b -> b.launchType(request.launchType())
                    .deploymentConfiguration(request.deploymentConfiguration()).networkConfiguration(request.networkConfiguration()));
            createdServices.put(cluster + "/" + request.serviceName(), request);
            resourceTags.put(arn("service/" + cluster + "/" + request.serviceName()), tagMap(request.tags()));
            return CreateServiceResponse.builder().service(services.get(cluster + "/" + request.serviceName())).build();
        });
    }

    @Override
    public DeleteServiceResponse deleteService(DeleteServiceRequest request) {
        return faults.call("ecs:DeleteService", () -> {
            String cluster = clusterName(request.cluster());
            requireCluster(cluster);
            Service service = services.get(cluster + "/" + request.service());
            if (service == null || "INACTIVE".equals(service.status())) {
                throw ServiceNotFoundException.builder().statusCode(400).message("Service not found.").build();
            }
            if (service.desiredCount() > 0 && !Boolean.TRUE.equals(request.force())) {
                throw InvalidParameterException.builder().statusCode(400)
                        .message("The service cannot be stopped while it is scaled above 0.").build();
            }
            updateService(cluster, request.service(), b -> b.status("DRAINING").desiredCount(0));
            tasks.replaceAll((arn, t) -> ("service:" + request.service()).equals(t.group()) && "RUNNING".equals(t.desiredStatus())
                    ? stop(t, "ServiceSchedulerInitiated", "Service deleted", 0, null) : t);
            return DeleteServiceResponse.builder().service(services.get(cluster + "/" + request.service())).build();
        });
    }

    /** Only INACTIVE revisions can be deleted; they go to DELETE_IN_PROGRESS and are no longer listed. */
    @Override
    public DeleteTaskDefinitionsResponse deleteTaskDefinitions(DeleteTaskDefinitionsRequest request) {
        return faults.call("ecs:DeleteTaskDefinitions", () -> {
            if (request.taskDefinitions().size() > 10) {
                throw InvalidParameterException.builder().statusCode(400).message("Up to 10 task definitions can be deleted at a time.").build();
            }
            List<Failure> failures = new ArrayList<>();
            for (String arn : request.taskDefinitions()) {
                boolean deleted = false;
                for (List<TaskDefinition> revisions : taskDefinitions.values()) {
                    for (int i = 0; i < revisions.size(); i++) {
                        TaskDefinition d = revisions.get(i);
                        if (d.taskDefinitionArn().equals(arn) && "INACTIVE".equals(d.statusAsString())) {
                            revisions.set(i, d.toBuilder().status("DELETE_IN_PROGRESS").build());
                            deleted = true;
                        }
                    }
                }
                if (!deleted) failures.add(Failure.builder().arn(arn).reason("The specified task definition is not INACTIVE.").build());
            }
            return DeleteTaskDefinitionsResponse.builder().failures(failures).build();
        });
    }

    @Override
    public String serviceName() {
        return "ecs";
    }

    @Override
    public void close() {
    }
}
