import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
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
    /** The public IP of every new task's network interface (null: 54.0.0.N); 127.0.0.1 lets a loopback server answer for the web. */
    String taskPublicIp;

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
            if (service != null) found.add(request.includeAsStrings().contains("TAGS") ? withTags(service) : service);
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

    /**
     * DescribeTaskDefinition takes a family (its latest ACTIVE revision), family:revision or an ARN;
     * tags come back only with include=TAGS; an unknown one is a ClientException (ECS API reference).
     */
    @Override
    public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request) {
        calls.add("DescribeTaskDefinition");
        TaskDefinition definition = definition(request.taskDefinition());
        DescribeTaskDefinitionResponse.Builder response = DescribeTaskDefinitionResponse.builder().taskDefinition(definition);
        if (request.includeAsStrings().contains("TAGS")) {
            response.tags(taskDefinitionTags.getOrDefault(definition.taskDefinitionArn(), List.of()));
        }
        return response.build();
    }

    TaskDefinition definition(String wanted) {
        return taskDefinitions.values().stream().flatMap(List::stream)
                .filter(d -> d.taskDefinitionArn().equals(wanted) || Ecs.revisionOf(d.taskDefinitionArn()).equals(wanted)
                        || d.family().equals(wanted) && "ACTIVE".equals(d.statusAsString())
                                && d == latestActive(d.family()))
                .findFirst()
                .orElseThrow(() -> ClientException.builder().statusCode(400).message("Unable to describe task definition.").build());
    }

    private TaskDefinition latestActive(String family) {
        return taskDefinitions.get(family).stream().filter(d -> "ACTIVE".equals(d.statusAsString()))
                .reduce((first, second) -> second).orElse(null);
    }

    /** How a container image behaves once ECS starts it: runs (healthy), exits with a code, fails to start, or never leaves PENDING. */
    record Behaviour(Integer exitCode, String failedToStart, List<String> logLines, boolean pendingForever) {
        static Behaviour healthy(String... lines) {
            return new Behaviour(null, null, List.of(lines), false);
        }

        static Behaviour exits(int exitCode, String... lines) {
            return new Behaviour(exitCode, null, List.of(lines), false);
        }

        static Behaviour failsToStart(String stoppedReason) {
            return new Behaviour(null, stoppedReason, List.of(), false);
        }

        static Behaviour staysPending() {
            return new Behaviour(null, null, List.of(), true);
        }
    }

    static final Behaviour HEALTHY = Behaviour.healthy("[INFO] Listening at: http://0.0.0.0:8000");

    final Map<String, Behaviour> behaviours = new HashMap<>();
    final Deque<Behaviour> oneOffRuns = new ArrayDeque<>();
    final Map<String, List<Tag>> taskDefinitionTags = new HashMap<>();
    final List<RegisterTaskDefinitionRequest> registered = new ArrayList<>();
    final List<UpdateServiceRequest> updates = new ArrayList<>();
    final List<RunTaskRequest> runs = new ArrayList<>();
    /** ECS's threshold is max(3, min(200, half the desired count)); tests may lower it to let the breaker act first. */
    int circuitBreakerThreshold = 3;
    /** When set, RunTask places no task and answers with this failure reason. */
    String runTaskFailure;
    Supplier<Instant> clock = () -> Instant.parse("2026-11-26T10:00:00Z");
    FakeLogs logs;
    FakeEc2 ec2;
    private final Map<String, Behaviour> oneOffBehaviours = new HashMap<>();
    private final Map<String, Integer> linesWritten = new HashMap<>();
    private final Map<String, String> lastCompleted = new HashMap<>();
    private int deploymentCounter = 100;
    private int eventCounter;

    /** RegisterTaskDefinition: the next revision of the family stores every field given, plus the read-only ones. */
    @Override
    public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest request) {
        calls.add("RegisterTaskDefinition");
        return faults.call("ecs:RegisterTaskDefinition", () -> register(request));
    }

    private RegisterTaskDefinitionResponse register(RegisterTaskDefinitionRequest request) {
        if (request.family() == null || !request.hasContainerDefinitions()) {
            throw ClientException.builder().statusCode(400).message("Family and container definitions are required.").build();
        }
        registered.add(request);
        List<TaskDefinition> revisions = taskDefinitions.computeIfAbsent(request.family(), f -> new ArrayList<>());
        int revision = revisions.size() + 1;
        TaskDefinition.Builder definition = TaskDefinition.builder();
        Map<String, SdkField<?>> given = request.sdkFields().stream().collect(Collectors.toMap(SdkField::memberName, f -> f));
        for (SdkField<?> field : definition.sdkFields()) {
            if (given.containsKey(field.memberName())) field.set(definition, given.get(field.memberName()).getValueOrDefault(request));
        }
        TaskDefinition registeredDefinition = definition.revision(revision).status("ACTIVE")
                .taskDefinitionArn(arn("task-definition/" + request.family() + ":" + revision))
                .registeredAt(clock.get()).registeredBy("arn:aws:iam::" + ACCOUNT + ":role/deployer")
                .compatibilitiesWithStrings("EC2", "FARGATE").build();
        revisions.add(registeredDefinition);
        taskDefinitionTags.put(registeredDefinition.taskDefinitionArn(), request.tags());
        return RegisterTaskDefinitionResponse.builder().taskDefinition(registeredDefinition).tags(request.tags()).build();
    }

    void deregister(String family, int revision) {
        List<TaskDefinition> revisions = taskDefinitions.get(family);
        revisions.set(revision - 1, revisions.get(revision - 1).toBuilder().status("INACTIVE").build());
    }

    /** ListTaskDefinitions: familyPrefix is the full family name; status ACTIVE and sort ASC unless given; pages of maxResults (100). */
    @Override
    public ListTaskDefinitionsResponse listTaskDefinitions(ListTaskDefinitionsRequest request) {
        calls.add("ListTaskDefinitions");
        String status = request.status() == null ? "ACTIVE" : request.statusAsString();
        List<String> arns = taskDefinitions.values().stream().flatMap(List::stream)
                .filter(d -> request.familyPrefix() == null || d.family().equals(request.familyPrefix()))
                .filter(d -> status.equals(d.statusAsString()))
                .sorted(Comparator.comparing(TaskDefinition::family).thenComparing(TaskDefinition::revision))
                .map(TaskDefinition::taskDefinitionArn).collect(Collectors.toCollection(ArrayList::new));
        if (request.sort() == SortOrder.DESC) Collections.reverse(arns);
        int pageSize = request.maxResults() == null ? 100 : request.maxResults();
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(arns.size(), from + pageSize);
        return ListTaskDefinitionsResponse.builder().taskDefinitionArns(arns.subList(from, to))
                .nextToken(to < arns.size() ? String.valueOf(to) : null).build();
    }

    /**
     * UpdateService: a new task definition (or forceNewDeployment) starts a new PRIMARY deployment,
     * IN_PROGRESS, and the previous PRIMARY becomes ACTIVE until its tasks are replaced; the
     * service's taskDefinition is the newest requested. The response describes the updated service.
     */
    @Override
    public UpdateServiceResponse updateService(UpdateServiceRequest request) {
        calls.add("UpdateService");
        return faults.call("ecs:UpdateService", () -> update(request));
    }

    private UpdateServiceResponse update(UpdateServiceRequest request) {
        String cluster = clusterName(request.cluster());
        requireCluster(cluster);
        String key = cluster + "/" + request.service();
        Service service = services.get(key);
        if (service == null) throw ServiceNotFoundException.builder().statusCode(400).message("Service not found.").build();
        boolean strategyChanges = request.hasCapacityProviderStrategy() && !request.capacityProviderStrategy().equals(service.capacityProviderStrategy());
        if (strategyChanges) {
            requireAssociated(cluster, request.capacityProviderStrategy());
            if (!Boolean.TRUE.equals(request.forceNewDeployment())) {
                throw InvalidParameterException.builder().statusCode(400).message("When switching from launch type to capacity "
                        + "provider strategy on an existing service, or making a change to a capacity provider strategy on a "
                        + "service that is already using one, you must force a new deployment.").build();
            }
            service = service.toBuilder().launchType((String) null).capacityProviderStrategy(request.capacityProviderStrategy()).build();
        }
        updates.add(request);
        lastCompleted.putIfAbsent(key, service.taskDefinition());
        int desired = request.desiredCount() != null ? request.desiredCount() : service.desiredCount();
        String taskDefinition = request.taskDefinition() != null
                ? definition(request.taskDefinition()).taskDefinitionArn() : service.taskDefinition();
        Deployment primary = primary(service);
        boolean newDeployment = !taskDefinition.equals(primary.taskDefinition()) || Boolean.TRUE.equals(request.forceNewDeployment());
        List<Deployment> deployments = new ArrayList<>();
        if (newDeployment) {
            deploymentCounter++;
            String id = "ecs-svc/" + deploymentCounter;
            deployments.add(Deployment.builder().id(id).status("PRIMARY").taskDefinition(taskDefinition)
                    .desiredCount(desired).runningCount(0).pendingCount(0).failedTasks(0)
                    .rolloutState("IN_PROGRESS").rolloutStateReason("ECS deployment " + id + " in progress.")
                    .createdAt(clock.get()).updatedAt(clock.get()).build());
        }
        for (Deployment deployment : service.deployments()) {
            boolean isPrimary = "PRIMARY".equals(deployment.status());
            if (isPrimary && !newDeployment) deployments.add(deployment.toBuilder().desiredCount(desired).build());
            else deployments.add(isPrimary ? deployment.toBuilder().status("ACTIVE").build() : deployment);
        }
        Service updated = service.toBuilder().taskDefinition(taskDefinition).desiredCount(desired).deployments(deployments).build();
        services.put(key, updated);
        if (!newDeployment && desired != service.desiredCount()) scaling.add(key);
        return UpdateServiceResponse.builder().service(updated).build();
    }

    /**
     * RunTask: a task in PROVISIONING; its behaviour is the next of oneOffRuns (default: exits 0).
     * A task ECS cannot place is not an exception but a failures entry (RunTask API reference).
     */
    @Override
    public RunTaskResponse runTask(RunTaskRequest request) {
        calls.add("RunTask");
        String cluster = clusterName(request.cluster());
        requireCluster(cluster);
        requireOneOf(request.launchTypeAsString(), request.capacityProviderStrategy());
        requireAssociated(cluster, request.capacityProviderStrategy());
        runs.add(request);
        if (runTaskFailure != null) {
            return RunTaskResponse.builder().failures(f -> f.arn(request.taskDefinition()).reason(runTaskFailure)).build();
        }
        TaskDefinition definition = definition(request.taskDefinition());
        Task task = newTask(cluster, "family:" + definition.family(), definition, request.startedBy(), "PROVISIONING");
        oneOffBehaviours.put(task.taskArn(), oneOffRuns.isEmpty() ? Behaviour.exits(0, "done") : oneOffRuns.poll());
        return RunTaskResponse.builder().tasks(task).build();
    }

    /** StopTask: the desired status becomes STOPPED at once; the task stops on the next step. */
    @Override
    public StopTaskResponse stopTask(StopTaskRequest request) {
        calls.add("StopTask");
        Task task = tasks.get(request.task());
        if (task == null) throw InvalidParameterException.builder().statusCode(400).message("The referenced task was not found.").build();
        Task stopping = task.toBuilder().desiredStatus("STOPPED").stoppedReason(request.reason()).build();
        tasks.put(task.taskArn(), stopping);
        return StopTaskResponse.builder().task(stopping).build();
    }

    /** One step of ECS: deployments move on, one-off tasks move through their states. */
    void step() {
        List.copyOf(services.keySet()).forEach(this::stepDeployment);
        List.copyOf(scaling).forEach(this::stepScaling);
        tasks.values().stream().filter(t -> oneOffBehaviours.containsKey(t.taskArn()))
                .filter(t -> !"STOPPED".equals(t.lastStatus())).map(Task::taskArn).toList().forEach(this::stepOneOff);
    }

    private void stepDeployment(String key) {
        Service service = services.get(key);
        Deployment deployment = primary(service);
        if (deployment == null || !"IN_PROGRESS".equals(deployment.rolloutStateAsString())) return;
        String cluster = key.substring(0, key.indexOf('/'));
        TaskDefinition definition = definition(deployment.taskDefinition());
        Behaviour behaviour = behaviours.getOrDefault(definition.containerDefinitions().get(0).image(), HEALTHY);
        int failed = deployment.failedTasks();
        for (Task task : tasksOf(service, deployment.id())) {
            if (!"PENDING".equals(task.lastStatus()) || behaviour.pendingForever()) continue;
            if (behaviour.failedToStart() != null) {
                stopped(task, "TaskFailedToStart", behaviour.failedToStart(), null, behaviour.failedToStart());
                failed++;
            } else {
                writeLog(task, definition, behaviour.logLines());
                if (behaviour.exitCode() != null) {
                    stopped(task, "EssentialContainerExited", "Essential container in task exited", behaviour.exitCode(), null);
                    failed++;
                } else if (!interruptsOnSpot(task, definition.containerDefinitions().get(0).image())) {
                    tasks.put(task.taskArn(), task.toBuilder().lastStatus("RUNNING").startedAt(clock.get()).build());
                }
            }
        }
        if (failed >= circuitBreakerThreshold && circuitBreaker(service)) {
            tripCircuitBreaker(key, deployment.toBuilder().failedTasks(failed).build());
            return;
        }
        List<Task> ours = tasksOf(service, deployment.id());
        long running = ours.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = ours.stream().filter(t -> "PENDING".equals(t.lastStatus())).count();
        List<String> events = new ArrayList<>();
        if (running + pending < deployment.desiredCount()) {
            List<String> started = new ArrayList<>();
            for (long i = running + pending; i < deployment.desiredCount(); i++) {
                Task task = newTask(cluster, "service:" + service.serviceName(), definition, deployment.id(), "PENDING");
                String provider = service.capacityProviderStrategy().isEmpty() ? null : service.capacityProviderStrategy().get(0).capacityProvider();
                tasks.put(task.taskArn(), task.toBuilder().launchType("FARGATE").capacityProviderName(provider).build());
                started.add(Ecs.taskId(task.taskArn()));
                pending++;
            }
            events.add("(service " + service.serviceName() + ") has started " + started.size() + " tasks: (task "
                    + String.join(") (task ", started) + ").");
        }
        Deployment progressed = deployment.toBuilder().runningCount((int) running).pendingCount((int) pending)
                .failedTasks(failed).updatedAt(clock.get()).build();
        List<Deployment> deployments = new ArrayList<>(service.deployments());
        deployments.set(deployments.indexOf(deployment), progressed);
        if (running == deployment.desiredCount()) {
            List<String> replaced = new ArrayList<>();
            for (Task task : tasksOf(service, null)) {
                if (!deployment.id().equals(task.startedBy()) && "RUNNING".equals(task.lastStatus())) {
                    stopped(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + deployment.id() + ")", 0, null);
                    replaced.add(Ecs.taskId(task.taskArn()));
                }
            }
            if (!replaced.isEmpty()) {
                events.add("(service " + service.serviceName() + ") has stopped " + replaced.size() + " running tasks: (task "
                        + String.join(") (task ", replaced) + ").");
            }
            deployments = List.of(progressed.toBuilder().rolloutState("COMPLETED")
                    .rolloutStateReason("ECS deployment " + deployment.id() + " completed.").build());
            events.add("(service " + service.serviceName() + ") (deployment " + deployment.id() + ") deployment completed.");
            events.add("(service " + service.serviceName() + ") has reached a steady state.");
            lastCompleted.put(key, deployment.taskDefinition());
        }
        services.put(key, withEvents(service.toBuilder().deployments(deployments), service, events)
                .runningCount(countTasks(service, "RUNNING")).pendingCount(countTasks(service, "PENDING")).build());
    }

    /**
     * Services whose desired count UpdateService changed without a new deployment: ECS's service
     * scheduler starts or stops tasks of the PRIMARY deployment until the count is reached, its
     * rollout state staying as it was (ECS developer guide, "Updating an Amazon ECS service").
     */
    private final java.util.Set<String> scaling = new java.util.HashSet<>();

    private void stepScaling(String key) {
        Service service = services.get(key);
        Deployment deployment = primary(service);
        if (deployment == null || "IN_PROGRESS".equals(deployment.rolloutStateAsString())) return;
        String cluster = key.substring(0, key.indexOf('/'));
        TaskDefinition definition = definition(deployment.taskDefinition());
        Behaviour behaviour = behaviours.getOrDefault(definition.containerDefinitions().get(0).image(), HEALTHY);
        int failed = deployment.failedTasks() == null ? 0 : deployment.failedTasks();
        List<String> events = new ArrayList<>();
        for (Task task : tasksOf(service, null)) {
            if (!"PENDING".equals(task.lastStatus()) || behaviour.pendingForever()) continue;
            if (behaviour.failedToStart() != null || behaviour.exitCode() != null) {
                stopped(task, behaviour.failedToStart() != null ? "TaskFailedToStart" : "EssentialContainerExited",
                        behaviour.failedToStart() != null ? behaviour.failedToStart() : "Essential container in task exited",
                        behaviour.exitCode(), behaviour.failedToStart());
                failed++;
            } else {
                writeLog(task, definition, behaviour.logLines());
                tasks.put(task.taskArn(), task.toBuilder().lastStatus("RUNNING").startedAt(clock.get()).build());
            }
        }
        List<Task> live = tasksOf(service, null).stream().filter(t -> !"STOPPED".equals(t.lastStatus())).toList();
        int desired = deployment.desiredCount();
        for (Task extra : live.subList(0, Math.max(0, live.size() - desired))) {
            stopped(extra, "ServiceSchedulerInitiated", "Scaling activity initiated by (service " + service.serviceName() + ")", 0, null);
            events.add("(service " + service.serviceName() + ") has stopped 1 running tasks: (task " + Ecs.taskId(extra.taskArn()) + ").");
        }
        for (int i = live.size(); i < desired; i++) {
            String started = Ecs.taskId(newTask(cluster, "service:" + service.serviceName(), definition, deployment.id(), "PENDING").taskArn());
            events.add("(service " + service.serviceName() + ") has started 1 tasks: (task " + started + ").");
        }
        int running = countTasks(service, "RUNNING");
        int pending = countTasks(service, "PENDING");
        if (running == desired && pending == 0) {
            scaling.remove(key);
            events.add("(service " + service.serviceName() + ") has reached a steady state.");
        }
        List<Deployment> deployments = new ArrayList<>(service.deployments());
        deployments.set(deployments.indexOf(deployment), deployment.toBuilder().runningCount(running).pendingCount(pending)
                .failedTasks(failed).updatedAt(clock.get()).build());
        services.put(key, withEvents(service.toBuilder().deployments(deployments), service, events)
                .runningCount(running).pendingCount(pending).build());
    }

    /** The breaker marks the deployment FAILED and, with rollback on, starts a deployment of the last completed revision. */
    private void tripCircuitBreaker(String key, Deployment failing) {
        Service service = services.get(key);
        String back = lastCompleted.getOrDefault(key, failing.taskDefinition());
        deploymentCounter++;
        String id = "ecs-svc/" + deploymentCounter;
        List<Deployment> deployments = new ArrayList<>();
        deployments.add(Deployment.builder().id(id).status("PRIMARY").taskDefinition(back).desiredCount(failing.desiredCount())
                .runningCount(0).pendingCount(0).failedTasks(0).rolloutState("IN_PROGRESS")
                .rolloutStateReason("ECS deployment " + id + " in progress.").createdAt(clock.get()).updatedAt(clock.get()).build());
        for (Deployment deployment : service.deployments()) {
            deployments.add(deployment.id().equals(failing.id())
                    ? failing.toBuilder().status("ACTIVE").rolloutState("FAILED")
                            .rolloutStateReason("ECS deployment circuit breaker: tasks failed to start.").build()
                    : deployment);
        }
        List<String> events = List.of(
                "(service " + service.serviceName() + ") (deployment " + failing.id() + ") deployment failed: tasks failed to start.",
                "(service " + service.serviceName() + ") rolling back to deployment " + id + ".");
        services.put(key, withEvents(service.toBuilder().taskDefinition(back).deployments(deployments), service, events).build());
    }

    private void stepOneOff(String taskArn) {
        Task task = tasks.get(taskArn);
        Behaviour behaviour = oneOffBehaviours.get(taskArn);
        TaskDefinition definition = definition(task.taskDefinitionArn());
        if ("STOPPED".equals(task.desiredStatus())) {
            boolean ran = "RUNNING".equals(task.lastStatus());
            stopped(task, "UserInitiated", task.stoppedReason(), ran ? 143 : null, null);
            return;
        }
        switch (task.lastStatus()) {
            case "PROVISIONING" -> tasks.put(taskArn, task.toBuilder().lastStatus("PENDING").build());
            case "PENDING" -> {
                if (behaviour.pendingForever()) return;
                if (behaviour.failedToStart() != null) {
                    stopped(task, "TaskFailedToStart", behaviour.failedToStart(), null, behaviour.failedToStart());
                } else {
                    tasks.put(taskArn, task.toBuilder().lastStatus("RUNNING").startedAt(clock.get()).build());
                }
            }
            default -> {
                int written = linesWritten.getOrDefault(taskArn, 0);
                if (written < behaviour.logLines().size()) {
                    writeLog(task, definition, behaviour.logLines().subList(written, written + 1));
                    linesWritten.put(taskArn, written + 1);
                } else {
                    stopped(task, "EssentialContainerExited", "Essential container in task exited",
                            behaviour.exitCode() == null ? 0 : behaviour.exitCode(), null);
                }
            }
        }
    }

    private Task newTask(String cluster, String group, TaskDefinition definition, String startedBy, String lastStatus) {
        taskCounter++;
        String id = String.format("%032x", 0xabc000 + taskCounter);
        String eni = "eni-" + id.substring(24);
        if (ec2 != null) ec2.networkInterface(eni, taskPublicIp != null ? taskPublicIp : "54.0.0." + taskCounter);
        Task task = Task.builder()
                .taskArn(arn("task/" + cluster + "/" + id)).clusterArn(arn("cluster/" + cluster))
                .group(group).taskDefinitionArn(definition.taskDefinitionArn()).startedBy(startedBy)
                .lastStatus(lastStatus).desiredStatus("RUNNING").createdAt(clock.get())
                .containers(definition.containerDefinitions().stream()
                        .map(c -> Container.builder().name(c.name()).image(c.image()).lastStatus("PENDING").build()).toList())
                .attachments(Attachment.builder().type("ElasticNetworkInterface").status("ATTACHED")
                        .details(KeyValuePair.builder().name("networkInterfaceId").value(eni).build()).build())
                .build();
        tasks.put(task.taskArn(), task);
        return task;
    }

    /** A stopped task as DescribeTasks shows it: stop code, reason, and each container's exit code and reason. */
    private void stopped(Task task, String stopCode, String stoppedReason, Integer exitCode, String containerReason) {
        tasks.put(task.taskArn(), task.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED")
                .stopCode(stopCode).stoppedReason(stoppedReason).stoppedAt(clock.get()).stoppingAt(clock.get())
                .containers(task.containers().stream().map(c -> c.toBuilder().lastStatus("STOPPED").exitCode(exitCode)
                        .reason(containerReason).build()).toList())
                .build());
    }

    /** The awslogs driver: each line into PREFIX/CONTAINER/TASK-ID of the container's group. */
    private void writeLog(Task task, TaskDefinition definition, List<String> lines) {
        if (logs == null) return;
        ContainerDefinition container = definition.containerDefinitions().get(0);
        LogLocation.of(container).ifPresent(location -> lines.forEach(line ->
                logs.put(location.group(), location.stream(Ecs.taskId(task.taskArn())), clock.get(), line)));
    }

    private List<Task> tasksOf(Service service, String startedBy) {
        return tasks.values().stream().filter(t -> ("service:" + service.serviceName()).equals(t.group()))
                .filter(t -> startedBy == null || startedBy.equals(t.startedBy())).toList();
    }

    private int countTasks(Service service, String lastStatus) {
        return (int) tasksOf(service, null).stream().filter(t -> lastStatus.equals(t.lastStatus())).count();
    }

    /** Events are listed newest first. */
    private Service.Builder withEvents(Service.Builder builder, Service service, List<String> messages) {
        List<ServiceEvent> events = new ArrayList<>();
        for (String message : messages) {
            eventCounter++;
            events.add(0, ServiceEvent.builder().id("event-" + eventCounter).createdAt(clock.get()).message(message).build());
        }
        events.addAll(service.events());
        return builder.events(events);
    }

    private static Deployment primary(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
    }

    private static boolean circuitBreaker(Service service) {
        return service.deploymentConfiguration() != null && service.deploymentConfiguration().deploymentCircuitBreaker() != null
                && Boolean.TRUE.equals(service.deploymentConfiguration().deploymentCircuitBreaker().enable());
    }

    // ---- What provision and teardown call (ECS API reference: CreateCluster, DeleteCluster,
    // RegisterTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition, CreateService, DeleteService).
    // A deleted service is DRAINING until its tasks stop, and DeleteCluster refuses a cluster with ACTIVE or
    // DRAINING services (ClusterContainsServicesException / ClusterContainsTasksException).

    Faults faults = new Faults();
    final Map<String, CreateServiceRequest> createdServices = new LinkedHashMap<>();
    final Map<String, Map<String, String>> resourceTags = new LinkedHashMap<>();

    private static Map<String, String> tagMap(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /**
     * ListTagsForResource of a cluster, service or task definition by ARN (ECS API reference); a
     * resource created without tags has none.
     */
    @Override
    public software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse listTagsForResource(
            software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest request) {
        calls.add("ListTagsForResource");
        List<software.amazon.awssdk.services.ecs.model.Tag> tags = taskDefinitionTags.containsKey(request.resourceArn())
                ? taskDefinitionTags.get(request.resourceArn())
                : resourceTags.getOrDefault(request.resourceArn(), Map.of()).entrySet().stream()
                        .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        return software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse.builder().tags(tags).build();
    }

    /** TagResource adds tags or replaces the values of keys the resource has (ECS API reference). */
    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        calls.add("TagResource");
        return faults.call("ecs:TagResource", () -> {
            requireResource(request.resourceArn());
            resourceTags.computeIfAbsent(request.resourceArn(), arn -> new LinkedHashMap<>()).putAll(tagMap(request.tags()));
            return TagResourceResponse.builder().build();
        });
    }

    /** UntagResource: keys the resource lacks are ignored (ECS API reference). */
    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        calls.add("UntagResource");
        return faults.call("ecs:UntagResource", () -> {
            requireResource(request.resourceArn());
            resourceTags.getOrDefault(request.resourceArn(), new LinkedHashMap<>()).keySet().removeAll(request.tagKeys());
            return UntagResourceResponse.builder().build();
        });
    }

    /** Tagging an unknown ARN: ECS answers InvalidParameterException ("The specified resource is not found"). */
    private void requireResource(String arn) {
        boolean known = services.values().stream().anyMatch(s -> s.serviceArn().equals(arn))
                || clusters.values().stream().anyMatch(c -> c.clusterArn().equals(arn)) || taskDefinitionTags.containsKey(arn);
        if (!known) throw InvalidParameterException.builder().statusCode(400).message("The specified resource is not found.").build();
    }

    /** A service as DescribeServices with include=TAGS shows it. */
    private Service withTags(Service service) {
        return service.toBuilder().tags(resourceTags.getOrDefault(service.serviceArn(), Map.of()).entrySet().stream()
                .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList()).build();
    }

    @Override
    public CreateClusterResponse createCluster(CreateClusterRequest request) {
        return faults.call("ecs:CreateCluster", () -> {
            request.capacityProviders().forEach(FakeEcs::requireFargateProvider);
            cluster(request.clusterName());
            clusters.computeIfPresent(request.clusterName(), (name, c) -> c.toBuilder().capacityProviders(request.capacityProviders())
                    .defaultCapacityProviderStrategy(request.defaultCapacityProviderStrategy()).build());
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
            requireOneOf(request.launchTypeAsString(), request.capacityProviderStrategy());
            requireAssociated(cluster, request.capacityProviderStrategy());
            service(cluster, request.serviceName(), definition, request.desiredCount(), 0);
            updateService(cluster, request.serviceName(), b -> b.launchType(request.launchType())
                    .capacityProviderStrategy(request.capacityProviderStrategy())
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

    // ---- Capacity providers (ECS API reference: CreateService, RunTask, UpdateService, PutClusterCapacityProviders,
    // CapacityProviderStrategyItem). A request may give a launch type or a capacity provider strategy, not both; a
    // strategy may name only providers associated with the cluster; a service changes its strategy (from a launch type or
    // from another strategy) only with forceNewDeployment. The Fargate providers need no creating, only associating.
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html

    private static void requireFargateProvider(String provider) {
        if (!Capacity.FARGATE_PROVIDERS.contains(provider)) {
            throw InvalidParameterException.builder().statusCode(400)
                    .message("The specified capacity provider '" + provider + "' does not exist.").build();
        }
    }

    private static void requireOneOf(String launchType, List<CapacityProviderStrategyItem> strategy) {
        if (launchType != null && !strategy.isEmpty()) {
            throw InvalidParameterException.builder().statusCode(400)
                    .message("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.")
                    .build();
        }
    }

    private void requireAssociated(String cluster, List<CapacityProviderStrategyItem> strategy) {
        List<String> associated = clusters.get(cluster).capacityProviders();
        if (strategy.stream().anyMatch(item -> !associated.contains(item.capacityProvider()))) {
            throw InvalidParameterException.builder().statusCode(400).message("The specified capacity provider strategy cannot "
                    + "contain a capacity provider that is not associated with the cluster. Associate the capacity provider with "
                    + "the cluster or specify a valid capacity provider and try again.").build();
        }
    }

    /** Replaces the cluster's providers and default strategy; a provider a service's strategy uses cannot go. */
    @Override
    public PutClusterCapacityProvidersResponse putClusterCapacityProviders(PutClusterCapacityProvidersRequest request) {
        calls.add("PutClusterCapacityProviders");
        return faults.call("ecs:PutClusterCapacityProviders", () -> {
            String cluster = clusterName(request.cluster());
            requireCluster(cluster);
            Cluster current = clusters.get(cluster);
            request.capacityProviders().stream().filter(p -> !current.capacityProviders().contains(p)).forEach(FakeEcs::requireFargateProvider);
            boolean inUse = services.values().stream().filter(s -> s.clusterArn().equals(current.clusterArn()) && !"INACTIVE".equals(s.status()))
                    .flatMap(s -> s.capacityProviderStrategy().stream())
                    .anyMatch(item -> !request.capacityProviders().contains(item.capacityProvider()));
            if (inUse) {
                throw ResourceInUseException.builder().statusCode(400)
                        .message("The specified capacity provider is in use and cannot be removed.").build();
            }
            if (request.defaultCapacityProviderStrategy().stream().anyMatch(i -> !request.capacityProviders().contains(i.capacityProvider()))) {
                throw InvalidParameterException.builder().statusCode(400).message("The specified capacity provider strategy cannot "
                        + "contain a capacity provider that is not associated with the cluster.").build();
            }
            Cluster updated = current.toBuilder().capacityProviders(request.capacityProviders())
                    .defaultCapacityProviderStrategy(request.defaultCapacityProviderStrategy()).build();
            clusters.put(cluster, updated);
            return PutClusterCapacityProvidersResponse.builder().cluster(updated).build();
        });
    }

    /**
     * Fargate Spot takes back the capacity of the next count tasks of this image that would start
     * running: each stops with the stop code and reason ECS gives an interruption, its container
     * killed with 137, and the service starts another (ECS developer guide, task state change events:
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html).
     */
    final Map<String, Integer> spotInterruptions = new HashMap<>();

    private boolean interruptsOnSpot(Task task, String image) {
        int left = spotInterruptions.getOrDefault(image, 0);
        if (left == 0) return false;
        spotInterruptions.put(image, left - 1);
        stopped(task, "SpotInterruption", "Your Spot Task was interrupted.", 137, null);
        return true;
    }

    @Override
    public String serviceName() {
        return "ecs";
    }

    @Override
    public void close() {
    }
}
