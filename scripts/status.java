///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java
//SOURCES lib/network/network.java
//SOURCES lib/data/data.java

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

@Command(name = "status", sortOptions = false,
        description = {"Show the stack: per service the task counts, live revision and image, deployments with their",
                "rollout state and the last events; why the newest task of an unhealthy service stopped; the web",
                "URL; the database and Redis with their status and endpoints.",
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

    record StoppedTask(String taskId, String revision, String stoppedAt, String stopCode, String stoppedReason,
            List<ContainerExit> containers) {
    }

    record DeploymentState(String status, String revision, String rolloutState, int running, int desired,
            int failedTasks, String reason) {
    }

    record ServiceState(String name, String status, boolean healthy, int desired, int running, int pending,
            String revision, String image, List<DeploymentState> deployments, List<String> events,
            StoppedTask lastStoppedTask) {
    }

    /** What the web answered a GET of labs.web.health-path from here (status 0: no answer), and the likely cause when unhealthy. */
    record WebAnswer(String url, int status, long millis, boolean healthy, String summary, String hint) {
    }

    /** asleepSince: when sleep put the services to sleep (their tag SleepTags.SINCE), null when awake. */
    record Report(String cluster, String region, boolean clusterFound, String asleepSince, List<ServiceState> services,
            List<String> missingServices, String url, String urlProblem, WebAnswer web, DataStores.State database,
            DataStores.State redis) {
    }

    @Override
    public Integer call() {
        Names names = labs.names();
        int port = labs.config().getPort(Setting.WEB_PORT);
        Ecs ecs = new Ecs(labs);
        boolean clusterFound = ecs.clusterExists();
        List<ServiceState> services = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String url = null;
        WebAnswer answer = null;
        String urlProblem = "ECS cluster " + names.cluster() + " not found";
        Optional<Instant> asleepSince = Optional.empty();
        if (clusterFound) {
            Service web = null;
            for (AppService key : AppService.values()) {
                Optional<Service> service = ecs.findService(names.service(key));
                if (service.isPresent()) services.add(describe(ecs, service.get()));
                else missing.add(names.service(key));
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
        Report report = new Report(names.cluster(), labs.aws().region().id(), clusterFound,
                asleepSince.map(t -> t.equals(Instant.EPOCH) ? "(unknown)" : TIME.format(t)).orElse(null), services, missing, url,
                urlProblem, answer, dataStores.database(), dataStores.redis());
        List<String> text = render(report);
        if (labs.json) labs.console().json(report);
        else text.forEach(labs.console()::result);
        labs.console().summary("### labs status\n```\n" + String.join("\n", text) + "\n```");
        return 0;
    }

    /** One GET of the health path, as a visitor would make it: no retries, status should not wait. */
    private WebAnswer ask(String publicIp, int port) {
        String url = "http://" + publicIp + ":" + port + StackSpec.healthPath(labs.config());
        WebProbe.Answer answer = new WebProbe(labs.ticker()).get(url, Duration.ZERO);
        return new WebAnswer(url, answer.status(), answer.took().toMillis(), answer.healthy(), answer.summary(),
                answer.healthy() ? null : WebProbe.hint(answer, port).orElse(null));
    }

    private ServiceState describe(Ecs ecs, Service service) {
        List<DeploymentState> deployments = service.deployments().stream().map(Status::deployment).toList();
        List<String> events = service.events().stream().limit(eventCount)
                .map(e -> (e.createdAt() == null ? "" : TIME.format(e.createdAt()) + "  ") + e.message()).toList();
        boolean healthy = service.runningCount() >= service.desiredCount()
                && deployments.stream().noneMatch(d -> "FAILED".equals(d.rolloutState()) || d.failedTasks() > 0);
        StoppedTask stopped = healthy ? null
                : ecs.newestStoppedTask(service.serviceName()).map(Status::stoppedTask).orElse(null);
        return new ServiceState(service.serviceName(), service.status(), healthy, service.desiredCount(),
                service.runningCount(), service.pendingCount(), Ecs.revisionOf(service.taskDefinition()),
                image(ecs, service.taskDefinition()), deployments, events, stopped);
    }

    /** The app container's image as REPOSITORY:TAG, by deploy's rule; status shows what it cannot tell rather than fail. */
    private String image(Ecs ecs, String taskDefinitionArn) {
        var definition = ecs.taskDefinition(taskDefinitionArn);
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
                task.containers().stream().map(c -> new ContainerExit(c.name(), c.exitCode(), c.reason())).toList());
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
        }
        for (ServiceState s : report.services()) {
            lines.add("");
            lines.add("Service   " + s.name() + "  " + s.status() + (s.healthy() ? "" : "  UNHEALTHY"));
            lines.add("  tasks     running " + s.running() + " / desired " + s.desired() + ", pending " + s.pending());
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
        return lines;
    }

    private static List<String> renderStopped(StoppedTask task) {
        List<String> lines = new ArrayList<>();
        lines.add("  stopped   task " + task.taskId() + " (" + task.revision() + ") at " + task.stoppedAt() + ": "
                + task.stopCode() + ": " + task.stoppedReason());
        for (ContainerExit c : task.containers()) {
            lines.add("            container " + c.name() + " exit code " + (c.exitCode() == null ? "none" : c.exitCode())
                    + (c.reason() == null ? "" : " (" + c.reason() + ")"));
        }
        return lines;
    }
}
