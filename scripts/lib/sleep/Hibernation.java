import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Sleep and wake of one environment: the services to 0 tasks and back, the database stopped and
 * started, the schedule that keeps it stopped. Each step looks before it acts, so that a run cut
 * short anywhere is finished by running the same command again.
 */
final class Hibernation {
    static final Duration POLL = Duration.ofSeconds(15);
    /** A role IAM has just created may not be assumable by the scheduler yet. */
    static final Duration ROLE_PROPAGATION = Duration.ofSeconds(90);
    private static final Duration ROLE_RETRY = Duration.ofSeconds(10);

    private final LabsOptions labs;
    private final Names names;
    private final Console console;
    private final Ecs ecs;
    private final Rollout rollout;
    private final Rds rds;
    private final Scheduler scheduler;

    /** With a rollout of its own over the same ECS wrapper. */
    static Hibernation of(LabsOptions labs, Ecs ecs) {
        return new Hibernation(labs, ecs, new Rollout(labs, ecs));
    }

    Hibernation(LabsOptions labs, Ecs ecs, Rollout rollout) {
        this.labs = labs;
        this.names = labs.names();
        this.console = labs.console();
        this.ecs = ecs;
        this.rollout = rollout;
        this.rds = new Rds(labs);
        this.scheduler = new Scheduler(labs);
    }

    /** Both services, the database, Redis and the schedule as they are now. */
    SleepState observe() {
        Map<AppService, SleepState.ServiceState> services = new EnumMap<>(AppService.class);
        for (AppService key : AppService.values()) {
            Service service = ecs.service(key);
            SleepTags tags = SleepTags.of(service).orElse(null);
            int wakeCount = tags == null ? service.desiredCount()
                    : tags.awakeCount() != null ? tags.awakeCount() : rollout.configuredCount(key);
            services.put(key, new SleepState.ServiceState(service.serviceName(), service.desiredCount(), service.runningCount(),
                    tags, wakeCount, Rollout.inProgress(service).map(d -> d.id()).orElse(null)));
        }
        Observed.Database database = rds.findDatabase();
        if (database == null) throw labs.notFound("RDS instance", names.dbInstance(), "check --prefix and --region, or run provision");
        return new SleepState(names.prefix(), services, database.id(), database.status(), new ElastiCache(labs).findCache(),
                names.databaseStopSchedule(), scheduler.findSchedule(Scheduler.DEFAULT_GROUP, names.databaseStopSchedule()) != null, labs.aws().region().id());
    }

    /**
     * Tags each awake service with its count, scales both to 0, stops the database and waits
     * until all of that happened, then makes the daily schedule, run as the role that schedulerRole
     * gives for the database's ARN (asked only when the schedule is missing). Returns the state at
     * the end.
     */
    SleepState sleep(SleepState state, boolean force, Duration patience, Function<String, String> schedulerRole) {
        if (state.fullyAsleep()) {
            console.info(names.prefix() + " is asleep already" + state.since().map(t -> " (since " + t + ")").orElse("")
                    + ": nothing to do");
            return state;
        }
        if (!force) refuseDeploymentsInProgress(state);
        Instant now = labs.ticker().now();
        Waits waits = new Waits(console, labs.ticker(), POLL);
        state.services().forEach((key, service) -> {
            Service described = ecs.service(key);
            if (!service.asleep()) {
                ecs.tag(described.serviceArn(), new SleepTags(now, service.desired()).tags());
                console.detail("  remembered " + service.name() + "'s " + service.desired() + " task"
                        + (service.desired() == 1 ? "" : "s") + " in tag " + SleepTags.AWAKE_COUNT);
            }
            if (described.desiredCount() > 0) rollout.scale(described, 0);
            waits.add(service.name(), () -> tasksGone(key));
        });
        waits.add("RDS " + names.dbInstance(), this::databaseStopped);
        waits.until("are stopped", patience);
        if (!state.scheduleExists()) putSchedule(schedulerRole);
        state.redisNote().ifPresent(console::info);
        return observe();
    }

    /**
     * Deletes the schedule, starts the database and waits until it is available, then gives each
     * sleeping service its count back and removes its tags; with awaitServices, waits for their
     * tasks like a deploy (with its diagnosis of a crash loop). Returns the state at the end.
     */
    SleepState wake(SleepState state, Duration patience, boolean awaitServices) {
        if (state.awake()) {
            console.info(names.prefix() + " is not asleep: nothing to do");
            return state;
        }
        Instant started = labs.ticker().now();
        if (state.scheduleExists() && scheduler.deleteSchedule(Scheduler.DEFAULT_GROUP, names.databaseStopSchedule())) {
            console.detail("  deleted schedule " + names.databaseStopSchedule());
        }
        if (!"available".equals(state.databaseStatus())) {
            new Waits(console, labs.ticker(), POLL).add("RDS " + names.dbInstance(), this::databaseAvailable)
                    .until("is available", patience);
        }
        List<Target> targets = new ArrayList<>();
        state.services().forEach((key, service) -> {
            if (!service.asleep()) return;
            Service described = ecs.service(key);
            Target target = rollout.scale(described, service.wakeCount());
            if (service.wakeCount() > 0) targets.add(target);
            ecs.untag(described.serviceArn(), List.of(SleepTags.SINCE, SleepTags.AWAKE_COUNT));
        });
        if (awaitServices) {
            Duration spent = Duration.between(started, labs.ticker().now());
            rollout.await(targets, spent.compareTo(patience) < 0 ? patience.minus(spent) : Duration.ZERO);
        } else if (!targets.isEmpty()) {
            console.info("The services start in the background (jbang status@labs shows them)");
        }
        return observe();
    }

    /**
     * For deploy and migrate: on a sleeping environment, one line saying so and offering wake; or,
     * with --wake, wakes it first without waiting for the services (the command's own rollout or
     * task comes next). A dry run only says that it would.
     */
    void requireAwake(String command, boolean wake, boolean dryRun, Duration patience) {
        Optional<String> asleepSince = SleepTags.asleep(ecs, names.prefix());
        if (asleepSince.isEmpty()) return;
        String asleep = asleepSince.get();
        if (!wake) {
            throw LabsException.failed(asleep + ": wake it first with `jbang wake@labs`, or run " + command + " with --wake");
        }
        SleepState state = observe();
        if (dryRun) {
            console.result("first: wake " + names.prefix() + " (" + String.join("; ", state.wakePlan()) + ")");
            return;
        }
        console.info(asleep + ": waking it first (--wake)");
        wake(state, patience, false);
    }

    private void refuseDeploymentsInProgress(SleepState state) {
        state.services().values().stream().filter(s -> !s.asleep() && s.deploymentInProgress() != null).findFirst()
                .ifPresent(s -> {
                    throw LabsException.failed("A deployment of " + s.name() + " is in progress (" + s.deploymentInProgress()
                            + "): wait for it to finish (jbang status@labs), or pass --force to put the environment to sleep anyway");
                });
    }

    private Waits.State tasksGone(AppService key) {
        int running = ecs.service(key).runningCount();
        return running == 0 ? Waits.State.done("0 tasks") : Waits.State.waiting(running + " running");
    }

    /** Stops the database once it is available (one starting, say after RDS's 7 days, becomes available first). */
    private Waits.State databaseStopped() {
        Observed.Database db = rds.findDatabase();
        if (db == null) return Waits.State.failed("gone", "the instance disappeared");
        if (SleepState.DATABASE_STUCK.contains(db.status())) return stuck(db);
        if ("stopped".equals(db.status())) return Waits.State.done("stopped");
        if ("available".equals(db.status())) {
            rds.stopDatabase();
            return Waits.State.waiting("stopping");
        }
        return Waits.State.waiting(db.status());
    }

    /** Starts the database once it is stopped (one still stopping has to stop first). */
    private Waits.State databaseAvailable() {
        Observed.Database db = rds.findDatabase();
        if (db == null) return Waits.State.failed("gone", "the instance disappeared");
        if (SleepState.DATABASE_STUCK.contains(db.status())) return stuck(db);
        if ("available".equals(db.status())) return Waits.State.done("available");
        if ("stopped".equals(db.status())) {
            rds.startDatabase();
            return Waits.State.waiting("starting");
        }
        return Waits.State.waiting(db.status());
    }

    private static Waits.State stuck(Observed.Database db) {
        return Waits.State.failed(db.status(), "RDS can neither stop nor start it so; see the RDS console's events for " + db.id());
    }

    /** CreateSchedule, retried while IAM makes a new role assumable (seconds, rarely a minute). */
    private void putSchedule(Function<String, String> schedulerRole) {
        String databaseArn = rds.databaseArn();
        String roleArn = schedulerRole.apply(databaseArn);
        StopSchedule wanted = new StopSchedule(names.databaseStopSchedule(), names.dbInstance(), databaseArn, roleArn);
        Waits.poll(labs.ticker(), ROLE_RETRY, ROLE_PROPAGATION, elapsed -> scheduler.put(wanted) ? Optional.of(true) : Optional.empty(),
                elapsed -> {
                    throw LabsException.failed("EventBridge Scheduler still cannot assume " + roleArn + " after "
                            + Console.elapsed(elapsed) + ": run sleep again in a minute");
                });
    }
}
