import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The rollout engine: registers revisions with a new image, updates services, and waits for the
 * outcome honestly: polling every few seconds, showing progress, rolling a crash loop back itself
 * instead of waiting minutes for the circuit breaker, and saying why a deployment failed.
 */
final class Rollout {
    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Tasks of a new revision that may stop with an error before labs rolls back itself. */
    static final int CRASH_LOOP_TASKS = 2;

    private final LabsOptions labs;
    private final Ecs ecs;
    private final Console console;
    private final Ticker ticker;
    private final Revisions revisions;
    private final Diagnosis diagnosis;
    private final Map<String, Set<String>> seenEvents = new LinkedHashMap<>();

    Rollout(LabsOptions labs, Ecs ecs) {
        this.labs = labs;
        this.ecs = ecs;
        this.console = labs.console();
        this.ticker = labs.ticker();
        this.revisions = new Revisions(labs, ecs);
        this.diagnosis = new Diagnosis(labs, ecs, new CloudWatchLogs(labs));
    }

    Revisions revisions() {
        return revisions;
    }

    /** The services named in --services, looked up in order. */
    Map<AppService, Service> services(List<AppService> services) {
        Map<AppService, Service> found = new LinkedHashMap<>();
        for (AppService service : services) found.put(service, ecs.service(service));
        return found;
    }

    /** The revision a service runs now. */
    Revision live(Service service) {
        return ecs.revision(service.taskDefinition());
    }

    /**
     * What deploy registers: a copy of the service's live revision with the app container on another
     * image and its environment brought up to date (labs defaults, the app's labs.properties), on
     * the runtime platform of labs.image.platform.
     */
    Revision registerForDeploy(Service service, String image) {
        Revision configured = configured(service);
        String container = revisions.appContainer(configured.taskDefinition()).name();
        return ecs.register(Revisions.withContainer(configured, container, c -> forDeploy(service, c, image)).toBuilder()
                .runtimePlatform(runtimePlatform()).build());
    }

    /** labs.image.platform as a task definition's runtimePlatform. */
    RuntimePlatform runtimePlatform() {
        return Revisions.runtimePlatform(StackSpec.cpuArchitecture(labs.config()));
    }

    /** The app container as deploy registers it; the web's also gets the configured health check (labs.web.health-check). */
    ContainerDefinition forDeploy(Service service, ContainerDefinition container, String image) {
        Map<String, String> labels = new LinkedHashMap<>(container.dockerLabels());
        labels.remove(RevisionEnvironment.PENDING_FROM_LABEL);
        ContainerDefinition.Builder changed = container.toBuilder().image(image).dockerLabels(labels);
        if (service.serviceName().equals(labs.names().service(AppService.WEB))) {
            String command = StackSpec.webHealthCheck(labs.config());
            changed.healthCheck(command == null ? null : Revisions.healthCheck(command));
        }
        return RevisionEnvironment.refreshed(labs, changed.build());
    }

    /**
     * The revision that holds the service's configuration: the live one, or the newest when
     * `config --no-restart` registered it from the live one (the change waits for the next deploy).
     */
    Revision configured(Service service) {
        Revision live = live(service);
        List<String> newest = ecs.activeRevisionArns(live.taskDefinition().family(), 1);
        if (newest.isEmpty() || newest.get(0).equals(live.arn())) return live;
        Revision candidate = ecs.revision(newest.get(0));
        String pendingFrom = revisions.appContainer(candidate.taskDefinition()).dockerLabels().get(RevisionEnvironment.PENDING_FROM_LABEL);
        return live.arn().equals(pendingFrom) ? candidate : live;
    }

    /** Refuses to start a deployment over one that has not finished, so that two deploys never race. */
    static void refuseIfInProgress(List<Service> services) {
        for (Service service : services) {
            inProgress(service).ifPresent(deployment -> {
                throw LabsException.failed("A deployment of " + service.serviceName() + " is in progress (" + deployment.id()
                        + " to " + Ecs.revisionOf(deployment.taskDefinition()) + ", rollout "
                        + deployment.rolloutStateAsString() + ", started " + deployment.createdAt()
                        + "): wait for it to finish, or pass --force to deploy over it");
            });
        }
    }

    static Optional<Deployment> inProgress(Service service) {
        return service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .filter(d -> service.deployments().size() > 1 || "IN_PROGRESS".equals(d.rolloutStateAsString()))
                .findFirst();
    }

    /**
     * The desired count after a deploy: as it is, or the configured count for a service that
     * provision left at 0; but 0 for a sleeping one, whose count wake gives back (rollback and
     * config change the revision that wake then starts).
     */
    int desiredCountAfterDeploy(AppService appService, Service service) {
        if (service.desiredCount() > 0 || SleepTags.of(service).isPresent()) return service.desiredCount();
        return configuredCount(appService);
    }

    /** labs.web.desired-count or labs.worker.desired-count. */
    int configuredCount(AppService appService) {
        return labs.config().desiredCount(appService);
    }

    /** UpdateService to a revision; the service's previous revision is where a crash loop rolls back to. */
    Target moveTo(AppService appService, Service service, Revision revision) {
        int desired = desiredCountAfterDeploy(appService, service);
        Service updated = ecs.update(service.serviceName(), revision.arn(), desired);
        console.info("Updated " + service.serviceName() + ": " + Ecs.revisionOf(service.taskDefinition()) + " -> "
                + revision.name() + (desired != service.desiredCount() ? ", desired count " + service.desiredCount() + " -> " + desired : ""));
        return target(updated, service.taskDefinition(), desired == 0 && SleepTags.of(service).isPresent());
    }

    /**
     * UpdateService of the desired count alone: ECS starts or stops tasks of the live revision
     * without a new deployment, so a crash loop has nothing to roll back to and is only explained.
     */
    Target scale(Service service, int desiredCount) {
        Service updated = ecs.update(service.serviceName(), null, desiredCount);
        console.info("Updated " + service.serviceName() + ": desired count " + service.desiredCount() + " -> " + desiredCount);
        return target(updated, null, false);
    }

    /** UpdateService with forceNewDeployment: new tasks of the same revision, e.g. to pick up a changed secret. */
    Target forceNewDeployment(Service service) {
        Service updated = ecs.forceNewDeployment(service.serviceName());
        console.info("Started a new deployment of " + service.serviceName() + " (" + Ecs.revisionOf(service.taskDefinition()) + ")");
        return target(updated, null, false);
    }

    /** Restarts services on their live revision and waits for the new tasks (for a changed secret, say). */
    void restart(List<AppService> services, Duration timeout) {
        List<Target> targets = new ArrayList<>();
        for (AppService appService : services) {
            Service service = ecs.service(appService);
            if (service.desiredCount() == 0) {
                console.info(service.serviceName() + " runs no task (desired count 0): nothing to restart");
            } else {
                targets.add(forceNewDeployment(service));
            }
        }
        await(targets, timeout);
    }

    private Target target(Service updated, String rollbackTo, boolean asleep) {
        Deployment primary = updated.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow(() -> LabsException.failed("ECS reported no primary deployment for " + updated.serviceName()));
        Target target = new Target(updated.serviceName(), primary.id(), primary.taskDefinition(), rollbackTo, asleep);
        seenEvents.put(target.service(), updated.events().stream().map(ServiceEvent::id).collect(Collectors.toCollection(HashSet::new)));
        return target;
    }

    /** A watched target (labs' own rollback of a crash loop, or not) and what was last shown of it. */
    private static final class Watch {
        final Target target;
        final boolean rollback;
        String shown = "";
        Instant shownAt = Instant.EPOCH;

        Watch(Target target, boolean rollback) {
            this.target = target;
            this.rollback = rollback;
        }
    }

    /**
     * Waits until every target succeeded or failed, or the timeout passed; throws when any failed,
     * after explaining why. Polls every {@link #POLL}, so it returns within seconds of the outcome.
     */
    void await(List<Target> all, Duration timeout) {
        List<Target> targets = new ArrayList<>();
        for (Target target : all) {
            if (!target.asleep()) targets.add(target);
            else console.info(target.service() + " is asleep: wake starts " + Ecs.revisionOf(target.taskDefinitionArn()));
        }
        if (targets.isEmpty()) return;
        Map<String, Watch> watches = new LinkedHashMap<>();
        targets.forEach(t -> watches.put(t.service(), new Watch(t, false)));
        List<String> failures = new ArrayList<>();
        Map<String, Service> described = new LinkedHashMap<>();
        console.info("Waiting for " + String.join(" and ", watches.keySet()) + " (up to " + Console.elapsed(timeout)
                + "; polling every " + POLL.toSeconds() + "s)");
        ticker.catchInterrupts();
        Waits.poll(ticker, POLL, timeout, elapsed -> {
            if (ticker.interruptRequested()) {
                throw new LabsException(LabsException.INTERRUPTED, "Stopped waiting (Ctrl-C): ECS carries on with "
                        + String.join(" and ", watches.keySet()) + " without labs watching (jbang logs@labs --follow "
                        + "shows the tasks' output; jbang rollback@labs moves back to the previous revision)");
            }
            described.putAll(describe(watches.keySet()));
            for (Watch watch : List.copyOf(watches.values())) {
                Service service = described.get(watch.target.service());
                showNewEvents(service);
                Verdict verdict = Verdict.of(service, watch.target);
                List<Task> failedTasks = List.of();
                if (verdict.state() == Verdict.State.WAITING) {
                    failedTasks = diagnosis.failedTasks(service.serviceName(), watch.target.deploymentId());
                    if (failedTasks.size() >= CRASH_LOOP_TASKS) {
                        verdict = Verdict.failed(failedTasks.size() + " tasks of " + Ecs.revisionOf(watch.target.taskDefinitionArn())
                                + " stopped with an error (crash loop)");
                    }
                }
                showProgress(watch, service, elapsed);
                if (verdict.state() == Verdict.State.WAITING) continue;
                watches.remove(watch.target.service());
                if (verdict.state() == Verdict.State.SUCCEEDED) {
                    succeeded(watch, elapsed);
                } else {
                    failed(watch, service, verdict, failedTasks, elapsed, failures)
                            .ifPresent(rollback -> watches.put(rollback.target.service(), rollback));
                }
            }
            return watches.isEmpty() ? Optional.of(true) : Optional.empty();
        }, elapsed -> {
            for (Watch watch : watches.values()) {
                Service service = described.get(watch.target.service());
                String reason = "gave up after " + Console.elapsed(elapsed) + " (--timeout): " + status(service, watch.target)
                        + "; the deployment goes on without labs watching it";
                console.info("FAILED " + watch.target.service() + ": " + reason);
                diagnosis.explainDeployment(service, watch.target.deploymentId());
                failures.add(watch.target.service() + ": " + reason);
            }
            return false;
        });
        if (!failures.isEmpty()) throw LabsException.failed(String.join("; ", failures));
    }

    private void succeeded(Watch watch, Duration elapsed) {
        String revision = Ecs.revisionOf(watch.target.taskDefinitionArn());
        String outcome = watch.rollback ? " is back on " : " runs ";
        console.info(watch.target.service() + outcome + revision + " (" + Console.elapsed(elapsed) + ")");
    }

    /**
     * Explains a failure; for a crash loop (failedTasks holds the tasks that made it one, else it is
     * empty) with somewhere to go back to, starts the rollback and returns its watch.
     */
    private Optional<Watch> failed(Watch watch, Service service, Verdict verdict, List<Task> failedTasks, Duration elapsed,
            List<String> failures) {
        String what = !watch.rollback ? "" : "rollback to " + Ecs.revisionOf(watch.target.taskDefinitionArn()) + ": ";
        console.info("FAILED " + watch.target.service() + ": " + what + verdict.reason() + " (" + Console.elapsed(elapsed) + ")");
        boolean crashLoop = failedTasks.size() >= CRASH_LOOP_TASKS;
        if (crashLoop) {
            diagnosis.explainDeployment(service, watch.target.deploymentId(), failedTasks);
        } else {
            diagnosis.explainDeployment(service, watch.target.deploymentId());
        }
        if (!crashLoop || watch.target.rollbackTo() == null) {
            failures.add(watch.target.service() + ": " + what + verdict.reason());
            return Optional.empty();
        }
        Revision previous = ecs.revision(watch.target.rollbackTo());
        console.info("Rolling " + service.serviceName() + " back to " + previous.name()
                + " rather than waiting for the deployment circuit breaker");
        Service updated = ecs.update(service.serviceName(), previous.arn(), null);
        failures.add(watch.target.service() + ": " + verdict.reason() + "; rolled back to " + previous.name());
        return Optional.of(new Watch(target(updated, null, false), true));
    }

    /** DescribeServices, up to 10 services a call: all the watched services in one poll. */
    private Map<String, Service> describe(Set<String> serviceNames) {
        Map<String, Service> found = new LinkedHashMap<>();
        ecs.describeServices(serviceNames).forEach(s -> found.put(s.serviceName(), s));
        for (String name : serviceNames) {
            if (!found.containsKey(name)) throw labs.notFound("ECS service", name, "was it deleted during the deploy?");
        }
        return found;
    }

    /** Each service event not shown yet, oldest first (DescribeServices lists them newest first). */
    private void showNewEvents(Service service) {
        Set<String> seen = seenEvents.computeIfAbsent(service.serviceName(), s -> new HashSet<>());
        List<ServiceEvent> events = new ArrayList<>(service.events());
        Collections.reverse(events);
        for (ServiceEvent event : events) {
            if (seen.add(event.id())) console.detail("  " + event.message());
        }
    }

    /** running/desired and rollout state when they change, and at least every {@link #HEARTBEAT}. */
    private void showProgress(Watch watch, Service service, Duration elapsed) {
        String status = status(service, watch.target);
        Instant now = ticker.now();
        if (status.equals(watch.shown) && Duration.between(watch.shownAt, now).compareTo(HEARTBEAT) < 0) return;
        console.info("  " + watch.target.service() + ": " + status + " (" + Console.elapsed(elapsed) + ")");
        watch.shown = status;
        watch.shownAt = now;
    }

    private static String status(Service service, Target target) {
        return service.deployments().stream().filter(d -> d.id().equals(target.deploymentId())).findFirst()
                .map(d -> Ecs.revisionOf(d.taskDefinition()) + " " + d.status() + " " + d.rolloutStateAsString()
                        + ", running " + d.runningCount() + "/" + d.desiredCount() + ", pending " + d.pendingCount()
                        + (d.failedTasks() != null && d.failedTasks() > 0 ? ", failed " + d.failedTasks() : ""))
                .orElse("deployment " + target.deploymentId() + " gone; " + Ecs.counts(service));
    }
}
