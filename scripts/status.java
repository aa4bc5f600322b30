///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/network/network.java
//SOURCES lib/cost/cost.java
//SOURCES lib/sleep/sleep.java

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

@Command(name = "status", sortOptions = false,
        description = {"Show the stack: per service the task counts, live revision and image, deployments with their",
                "rollout state and the last events; why the newest task of an unhealthy service stopped; the web",
                "URL; the database and Redis with their status and endpoints; the next wake and sleep of the",
                "office-hours schedule (labs.schedule.*); what the environment costs a month at the rate of",
                "what runs now (list prices; status --json has it under cost).",
                "",
                "Replaces aws ecs describe-services, describe-task-definition, list-tasks/describe-tasks --desired-status STOPPED,",
                "aws rds describe-db-instances and aws elasticache describe-cache-clusters / describe-replication-groups."},
        footer = {"", "Examples:", "  jbang status@labs", "  jbang status@labs --json | jq .services"})
class Status implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--events", paramLabel = "N", defaultValue = "3",
            description = "How many recent events to show per service (default: ${DEFAULT-VALUE}).")
    int eventCount;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Status(), args);
    }

    record ContainerExit(String name, Integer exitCode, String reason) {
    }

    /** spotInterruption: Fargate Spot took the capacity back, not a crash of the app. */
    record StoppedTask(String taskId, String revision, String stoppedAt, String stopCode, String stoppedReason,
            List<ContainerExit> containers, boolean spotInterruption) {
    }

    record DeploymentState(String status, String revision, String rolloutState, int running, int desired,
            int failedTasks, String reason) {
    }

    record ServiceState(String name, String status, boolean healthy, int desired, int running, int pending,
            String revision, String image, List<DeploymentState> deployments, List<String> events,
            StoppedTask lastStoppedTask, String capacity) {
    }

    /** A service's share of the bill: its running tasks and their size. */
    private record Billed(ServiceState state, Footprint.Tasks tasks) {
    }

    /** What the web answered a GET of labs.web.health-path from here (status 0: no answer), and the likely cause when unhealthy. */
    record WebAnswer(String url, int status, long millis, boolean healthy, String summary, String hint) {
    }

    /**
     * asleepSince: when sleep put the services to sleep (their tag SleepTags.SINCE), null when awake;
     * sleepFinding: what is wrong with the sleep, null when nothing is.
     */
    record Report(String cluster, String region, boolean clusterFound, String asleepSince, String sleepFinding, List<ServiceState> services,
            List<String> missingServices, String url, String urlProblem, WebAnswer web, DataStores.State database,
            DataStores.State redis, Schedule schedule, Map<String, Object> cost) {
    }

    /** The office-hours schedule from the settings (null: always on); nextWake and nextSleep ISO-8601 in its zone. */
    record Schedule(String wake, String sleep, String timezone, String nextWake, String nextSleep, String problem) {
    }

    @Override
    public Integer call() {
        Names names = labs.names();
        int port = labs.config().getPort(Setting.WEB_PORT);
        Ecs ecs = new Ecs(labs);
        boolean clusterFound = ecs.clusterExists();
        List<ServiceState> services = new ArrayList<>();
        List<Footprint.Tasks> tasks = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String url = null;
        WebAnswer answer = null;
        String urlProblem = "ECS cluster " + names.cluster() + " not found";
        Optional<Instant> asleepSince = Optional.empty();
        if (clusterFound) {
            Service web = null;
            for (AppService key : AppService.values()) {
                Optional<Service> service = ecs.findService(names.service(key));
                if (service.isPresent()) {
                    Billed billed = describe(ecs, key, service.get());
                    services.add(billed.state());
                    tasks.add(billed.tasks());
                } else {
                    missing.add(names.service(key));
                }
                Optional<Instant> since = service.flatMap(SleepTags::of).map(tags -> tags.since() == null ? Instant.EPOCH : tags.since());
                if (since.isPresent() && (asleepSince.isEmpty() || since.get().isBefore(asleepSince.get()))) asleepSince = since;
                if (key == AppService.WEB) web = service.orElse(null);
            }
            PublicIps.Lookup lookup = web == null ? PublicIps.Lookup.notReady("service " + names.service(AppService.WEB)
                    + " not found") : new PublicIps(ecs, new Ec2(labs)).lookup(web);
            url = lookup.found() ? PublicIps.url(lookup.addresses().get(0).publicIp(), port) : null;
            urlProblem = lookup.notReadyReason();
            if (lookup.found()) answer = ask(lookup.addresses().get(0).publicIp(), port);
        }
        DataStores dataStores = new DataStores(labs);
        Observed.Database database = dataStores.findDatabase();
        Observed.Cache cache = dataStores.findCache();
        EnvironmentCost environmentCost = new EnvironmentCost(labs);
        Optional<CostEstimate> cost = environmentCost.now(environmentCost.running(tasks, database, cache));
        Report report = new Report(names.cluster(), labs.aws().region().id(), clusterFound,
                asleepSince.map(t -> t.equals(Instant.EPOCH) ? "(unknown)" : TIME.format(t)).orElse(null),
                asleepSince.isPresent() ? sleepFinding(database) : null, services, missing, url,
                urlProblem, answer, dataStores.database(database), dataStores.redis(cache), schedule(),
                cost.map(CostEstimate::json).orElse(null));
        List<String> text = render(report);
        if (labs.json) labs.console().json(report);
        else text.forEach(labs.console()::result);
        labs.console().summary("### labs status\n```\n" + String.join("\n", text) + "\n```");
        return 0;
    }

    /** RDS starts a stopped instance by itself after 7 days: without sleep's schedule nothing stops it again. */
    private String sleepFinding(Observed.Database database) {
        String schedule = labs.names().databaseStopSchedule();
        if (database == null || new Scheduler(labs).findSchedule(Scheduler.DEFAULT_GROUP, schedule) != null) return null;
        return "asleep without its schedule " + schedule + ": RDS starts " + database.id() + " by itself after 7 days"
                + " and nothing stops it again: jbang sleep@labs makes the schedule again";
    }

    /** Computed from the settings, as provision made the schedules from them; a bad setting is shown, not fatal. */
    private Schedule schedule() {
        Optional<OfficeHours> hours;
        try {
            hours = OfficeHours.from(labs.config());
        } catch (LabsException invalid) {
            return new Schedule(null, null, null, null, null, invalid.getMessage());
        }
        if (hours.isEmpty()) return null;
        OfficeHours h = hours.get();
        java.time.Instant now = labs.ticker().now();
        return new Schedule(h.wake().expression(), h.sleep().expression(), h.zone().getId(), h.nextWake(now).map(Status::iso).orElse(null),
                h.nextSleep(now).map(Status::iso).orElse(null), null);
    }

    private static String iso(ZonedDateTime time) {
        return time.toOffsetDateTime().toString();
    }

    /** One GET of the health path, as a visitor would make it: no retries, status should not wait. */
    private WebAnswer ask(String publicIp, int port) {
        String url = "http://" + publicIp + ":" + port + StackSpec.healthPath(labs.config());
        WebProbe.Answer answer = new WebProbe(labs.ticker()).get(url, Duration.ZERO);
        return new WebAnswer(url, answer.status(), answer.took().toMillis(), answer.healthy(), answer.summary(),
                answer.healthy() ? null : WebProbe.hint(answer, port).orElse(null));
    }

    private Billed describe(Ecs ecs, AppService key, Service service) {
        TaskDefinition definition = ecs.taskDefinition(service.taskDefinition());
        List<DeploymentState> deployments = service.deployments().stream().map(Status::deployment).toList();
        List<String> events = service.events().stream().limit(eventCount)
                .map(e -> (e.createdAt() == null ? "" : TIME.format(e.createdAt()) + "  ") + e.message()).toList();
        boolean healthy = service.runningCount() >= service.desiredCount()
                && deployments.stream().noneMatch(d -> "FAILED".equals(d.rolloutState()) || d.failedTasks() > 0);
        StoppedTask stopped = healthy ? null
                : ecs.newestStoppedTask(service.serviceName()).map(Status::stoppedTask).orElse(null);
        ServiceState state = new ServiceState(service.serviceName(), service.status(), healthy, service.desiredCount(),
                service.runningCount(), service.pendingCount(), Ecs.revisionOf(service.taskDefinition()),
                image(definition), deployments, events, stopped, capacity(service));
        return new Billed(state, billed(key, service, definition));
    }

    /** The running tasks of a service as AWS bills them: size and architecture from the revision, Spot from the strategy. */
    private static Footprint.Tasks billed(AppService key, Service service, TaskDefinition definition) {
        boolean spot = capacityOf(service) == Capacity.SPOT;
        boolean arm = definition.runtimePlatform() != null && definition.runtimePlatform().cpuArchitecture() == CPUArchitecture.ARM64;
        return new Footprint.Tasks(key, service.runningCount(), EnvironmentCost.vcpu(orDefault(definition.cpu(), StackSpec.CPU)),
                EnvironmentCost.gigabytes(orDefault(definition.memory(), StackSpec.MEMORY)), arm ? "arm64" : "x86_64", spot);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** Fargate or Fargate Spot, else the launch type or capacity providers as ECS names them. */
    private static String capacity(Service service) {
        Capacity capacity = capacityOf(service);
        if (capacity != null) return capacity.label;
        List<String> providers = service.capacityProviderStrategy().stream().map(p -> p.capacityProvider()).toList();
        return providers.isEmpty() ? String.valueOf(service.launchTypeAsString()) : String.join(", ", providers);
    }

    private static Capacity capacityOf(Service service) {
        return Capacity.of(service.launchTypeAsString(), service.capacityProviderStrategy().stream().map(p -> p.capacityProvider()).toList());
    }

    /** The app container's image as REPOSITORY:TAG, by deploy's rule; status shows what it cannot tell rather than fail. */
    private String image(TaskDefinition definition) {
        try {
            String image = Revisions.appContainer(definition, labs.names().ecrRepository()).image();
            return image.substring(image.indexOf('/') + 1);
        } catch (LabsException ambiguous) {
            return "(several containers, none clearly the app's)";
        }
    }

    private static DeploymentState deployment(Deployment d) {
        return new DeploymentState(d.status(), Ecs.revisionOf(d.taskDefinition()), d.rolloutStateAsString(),
                n(d.runningCount()), n(d.desiredCount()), n(d.failedTasks()), d.rolloutStateReason());
    }

    private static StoppedTask stoppedTask(Task task) {
        return new StoppedTask(Ecs.taskId(task.taskArn()), Ecs.revisionOf(task.taskDefinitionArn()),
                task.stoppedAt() == null ? null : TIME.format(task.stoppedAt()), task.stopCodeAsString(),
                task.stoppedReason(),
                task.containers().stream().map(c -> new ContainerExit(c.name(), c.exitCode(), c.reason())).toList(),
                Diagnosis.spotInterrupted(task));
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    static List<String> render(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("Cluster   " + report.cluster() + " (" + report.region() + ")"
                + (report.clusterFound() ? "" : "  NOT FOUND: run provision, or check --prefix and --region"));
        if (report.asleepSince() != null) {
            lines.add("Asleep    since " + report.asleepSince() + " (jbang wake@labs brings it back; Redis keeps running)");
            if (report.sleepFinding() != null) lines.add("finding   " + report.sleepFinding());
        }
        for (ServiceState s : report.services()) {
            lines.add("");
            lines.add("Service   " + s.name() + "  " + s.status() + (s.healthy() ? "" : "  UNHEALTHY"));
            lines.add("  tasks     running " + s.running() + " / desired " + s.desired() + ", pending " + s.pending()
                    + "  on " + s.capacity());
            lines.add("  revision  " + s.revision() + "  image " + s.image());
            for (DeploymentState d : s.deployments()) {
                lines.add("  deploy    " + d.status() + "  " + d.revision() + "  " + d.rolloutState() + "  running "
                        + d.running() + "/" + d.desired() + (d.failedTasks() > 0 ? ", failed tasks " + d.failedTasks() : "")
                        + (d.reason() == null || d.reason().isBlank() ? "" : "  (" + d.reason() + ")"));
            }
            s.events().forEach(e -> lines.add("  event     " + e));
            if (s.lastStoppedTask() != null) lines.addAll(renderStopped(s.lastStoppedTask()));
        }
        report.missingServices().forEach(name -> lines.add("\nService   " + name + "  NOT FOUND: run provision"));
        lines.add("");
        lines.add("URL       " + (report.url() != null ? report.url() : "none: " + report.urlProblem()));
        if (report.web() != null) {
            lines.add("Web       " + report.web().summary() + (report.web().healthy() ? "" : "  UNHEALTHY"));
            if (report.web().hint() != null) lines.add("          " + report.web().hint());
        }
        lines.add("Postgres  " + DataStores.describe(report.database()));
        lines.add("Redis     " + DataStores.describe(report.redis()));
        if (report.redis().finding() != null) lines.add("finding   " + report.redis().finding());
        lines.add("Schedule  " + describe(report.schedule()));
        if (report.cost() != null) {
            lines.add("Cost      ≈ " + CostEstimate.dollars((Double) report.cost().get("monthly")) + " a month at the rate of what runs now ("
                    + report.cost().get("prices") + "; status --json has each resource)");
        }
        return lines;
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ROOT);

    private static String describe(Schedule schedule) {
        if (schedule == null) return "none: always on (" + Setting.SCHEDULE_WAKE.key + ", " + Setting.SCHEDULE_SLEEP.key + ")";
        if (schedule.problem() != null) return "INVALID: " + schedule.problem();
        return "next wake " + when(schedule.nextWake()) + ", next sleep " + when(schedule.nextSleep()) + " " + schedule.timezone()
                + "  (wake " + schedule.wake() + ", sleep " + schedule.sleep() + ")";
    }

    private static String when(String iso) {
        return iso == null ? "never" : WHEN.format(java.time.OffsetDateTime.parse(iso));
    }

    private static List<String> renderStopped(StoppedTask task) {
        List<String> lines = new ArrayList<>();
        lines.add("  stopped   task " + task.taskId() + " (" + task.revision() + ") at " + task.stoppedAt() + ": "
                + (task.spotInterruption() ? "interrupted by Fargate Spot, not a crash (ECS starts a replacement): " : "")
                + task.stopCode() + ": " + task.stoppedReason());
        for (ContainerExit c : task.containers()) {
            lines.add("            container " + c.name() + " exit code " + (c.exitCode() == null ? "none" : c.exitCode())
                    + (c.reason() == null ? "" : " (" + c.reason() + ")"));
        }
        return lines;
    }
}
