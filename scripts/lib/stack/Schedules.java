import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * provision's and teardown's part for the office-hours schedules (labs.schedule.*): a scheduler
 * role, a schedule group named after the prefix, and six schedules in it, each one API call through
 * an EventBridge Scheduler universal target: the database started before the services wake, each
 * service to its configured count at the wake and to 0 at the sleep, the database stopped after.
 * Without the settings, provision deletes what an earlier run made.
 */
final class Schedules {
    static final String SCHEDULER = "scheduler.amazonaws.com";
    /** A role IAM has just created may not be assumable yet; CreateSchedule then refuses it (ValidationException). */
    static final Duration ROLE_PROPAGATION = Duration.ofSeconds(90);
    static final Set<Kind> KINDS = EnumSet.of(Kind.SCHEDULER_ROLE, Kind.SCHEDULE_GROUP, Kind.SCHEDULE);
    private static final String UNSET = Setting.SCHEDULE_WAKE.key + " and " + Setting.SCHEDULE_SLEEP.key + " are not set";

    /** The schedules, in the order they run in a day; each is named PREFIX-ID in the group. */
    enum Job {
        DATABASE_START("db-start"), WEB_WAKE("web-wake"), WORKER_WAKE("worker-wake"), WEB_SLEEP("web-sleep"),
        WORKER_SLEEP("worker-sleep"), DATABASE_STOP("db-stop");

        final String id;

        Job(String id) {
            this.id = id;
        }
    }

    /** What exists: the group (null: missing), this stack's schedules in it by name, any others, the role. */
    record Seen(Scheduler.Group group, Map<String, Scheduler.Found> schedules, List<String> others, Observed.Role role) {
    }

    /** The schedules and the role's documents that the settings ask for. */
    record Wanted(List<Scheduler.Definition> schedules, String trust, String permissions) {
        static Wanted of(Names names, OfficeHours hours, Policies.Arns arns, Map<AppService, Integer> counts) {
            String zone = hours.zone().getId();
            String role = arns.role(names.schedulerRole());
            List<Scheduler.Definition> schedules = new ArrayList<>();
            for (Job job : Job.values()) {
                String expression = switch (job) {
                    case DATABASE_START -> hours.databaseStart().expression();
                    case WEB_WAKE, WORKER_WAKE -> hours.wake().expression();
                    case WEB_SLEEP, WORKER_SLEEP -> hours.sleep().expression();
                    case DATABASE_STOP -> hours.databaseStop().expression();
                };
                schedules.add(new Scheduler.Definition(names.schedule(job.id), expression, zone, target(arns, job),
                        input(names, job, counts), role, description(names, job, counts)));
            }
            return new Wanted(List.copyOf(schedules), roleTrust(arns), rolePermissions(arns));
        }

        Scheduler.Definition schedule(String name) {
            return schedules.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** Universal targets: arn:PARTITION:scheduler:::aws-sdk:SERVICE:apiAction (Scheduler user guide, "Using universal targets"). */
    private static String target(Policies.Arns arns, Job job) {
        String action = switch (job) {
            case DATABASE_START -> "rds:startDBInstance";
            case DATABASE_STOP -> "rds:stopDBInstance";
            default -> "ecs:updateService";
        };
        return "arn:" + arns.partition() + ":scheduler:::aws-sdk:" + action;
    }

    /**
     * The call's parameters as JSON, named as the AWS SDKs name them (DbInstanceIdentifier, not the RDS
     * Query API's DBInstanceIdentifier; Cluster, Service, DesiredCount): Scheduler validates the input
     * against that shape.
     */
    private static String input(Names names, Job job, Map<AppService, Integer> counts) {
        Map<String, Object> input = new LinkedHashMap<>();
        switch (job) {
            case DATABASE_START, DATABASE_STOP -> input.put("DbInstanceIdentifier", names.dbInstance());
            default -> {
                AppService service = service(job);
                input.put("Cluster", names.cluster());
                input.put("Service", names.service(service));
                input.put("DesiredCount", wakes(job) ? counts.get(service) : 0);
            }
        }
        return Json.write(input);
    }

    private static AppService service(Job job) {
        return job == Job.WEB_WAKE || job == Job.WEB_SLEEP ? AppService.WEB : AppService.WORKER;
    }

    private static boolean wakes(Job job) {
        return job == Job.WEB_WAKE || job == Job.WORKER_WAKE;
    }

    private static String description(Names names, Job job, Map<AppService, Integer> counts) {
        return switch (job) {
            case DATABASE_START -> "start " + names.dbInstance() + ", " + OfficeHours.DATABASE_LEAD.toMinutes() + " minutes before the services wake";
            case DATABASE_STOP -> "stop " + names.dbInstance() + ", " + OfficeHours.DATABASE_LAG.toMinutes() + " minutes after the services sleep";
            default -> names.service(service(job)) + " to " + (wakes(job) ? counts.get(service(job)) : 0) + " tasks";
        };
    }

    /**
     * Only EventBridge Scheduler, for this account's schedule group of the stack: aws:SourceArn must be
     * the group's ARN, never a schedule's (Scheduler user guide, "Confused deputy prevention",
     * https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html).
     */
    static String roleTrust(Policies.Arns arns) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", SCHEDULER));
        statement.put("Action", "sts:AssumeRole");
        Map<String, String> source = new LinkedHashMap<>();
        source.put("aws:SourceAccount", arns.account());
        source.put("aws:SourceArn", scheduleGroupArn(arns));
        statement.put("Condition", Map.of("StringEquals", source));
        return document(List.of(statement));
    }

    static String scheduleGroupArn(Policies.Arns arns) {
        return "arn:" + arns.partition() + ":scheduler:" + arns.region() + ":" + arns.account() + ":schedule-group/"
                + arns.names().scheduleGroup();
    }

    /** Exactly the schedules' calls, on this stack's two services and its database. */
    static String rolePermissions(Policies.Arns arns) {
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("Sid", "ScaleTheServices");
        services.put("Effect", "Allow");
        services.put("Action", List.of("ecs:UpdateService"));
        services.put("Resource", List.of(arns.service(AppService.WEB), arns.service(AppService.WORKER)));
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("Sid", "StartAndStopTheDatabase");
        database.put("Effect", "Allow");
        database.put("Action", List.of("rds:StartDBInstance", "rds:StopDBInstance"));
        database.put("Resource", List.of(arns.database()));
        return document(List.of(services, database));
    }

    private static String document(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return Json.write(document);
    }

    private final Names names;
    private final Scheduler scheduler;
    private final Iam iam;
    private final Console console;
    private final Ticker ticker;

    Schedules(LabsOptions labs, Iam iam) {
        this.names = labs.names();
        this.scheduler = new Scheduler(labs);
        this.iam = iam;
        this.console = labs.console();
        this.ticker = labs.ticker();
    }

    /** The group's schedules are read only when the group is there (a schedule lives in its group). */
    Seen observe() {
        Scheduler.Group group = scheduler.findGroup(names.scheduleGroup());
        Observed.Role role = iam.findRole(names.schedulerRole());
        if (group == null || group.deleting()) return new Seen(group, Map.of(), List.of(), role);
        Map<String, Scheduler.Found> schedules = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (String name : scheduler.scheduleNames(group.name())) {
            if (ours(name)) schedules.put(name, scheduler.findSchedule(group.name(), name));
            else others.add(name);
        }
        return new Seen(group, schedules, others, role);
    }

    private boolean ours(String name) {
        for (Job job : Job.values()) if (names.schedule(job.id).equals(name)) return true;
        return false;
    }

    /** Pure: the steps for the settings' schedules (wanted), or for removing them (wanted null). */
    static Plan plan(Names names, Seen seen, Wanted wanted) {
        return wanted == null ? removal(names, seen) : creation(names, seen, wanted);
    }

    private static Plan creation(Names names, Seen seen, Wanted wanted) {
        List<Step> steps = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        steps.add(role(names, seen.role(), wanted));
        if (seen.group() == null) {
            steps.add(new Step(Kind.SCHEDULE_GROUP, names.scheduleGroup(), Action.CREATE, List.of("holds the office-hours schedules")));
        } else {
            steps.add(new Step(Kind.SCHEDULE_GROUP, names.scheduleGroup(), Action.EXISTS, List.of()));
            if (seen.group().deleting()) {
                blockers.add("The schedule group " + names.scheduleGroup() + " is being deleted (did a teardown run?): wait a minute "
                        + "until it is gone, then run provision again");
            }
        }
        for (Scheduler.Definition schedule : wanted.schedules()) {
            Scheduler.Found found = seen.schedules().get(schedule.name());
            String what = schedule.expression() + " " + schedule.timezone() + ": " + schedule.description();
            if (found == null) {
                steps.add(new Step(Kind.SCHEDULE, schedule.name(), Action.CREATE, List.of(what)));
                continue;
            }
            List<String> fixes = differences(found, schedule);
            steps.add(new Step(Kind.SCHEDULE, schedule.name(), fixes.isEmpty() ? Action.EXISTS : Action.UPDATE, fixes));
        }
        return new Plan(List.copyOf(steps), List.of(), List.copyOf(blockers));
    }

    private static List<String> differences(Scheduler.Found found, Scheduler.Definition wanted) {
        Scheduler.Definition seen = found.definition();
        List<String> fixes = new ArrayList<>();
        if (!wanted.expression().equals(seen.expression())) fixes.add(wanted.expression() + " (now " + seen.expression() + ")");
        if (!wanted.timezone().equals(seen.timezone())) fixes.add("time zone " + wanted.timezone() + " (now " + seen.timezone() + ")");
        if (!wanted.target().equals(seen.target()) || !Policies.same(seen.input(), wanted.input())) {
            fixes.add(wanted.description() + " (now " + seen.target().substring(seen.target().lastIndexOf(':') + 1) + " " + seen.input() + ")");
        }
        if (!wanted.roleArn().equals(seen.roleArn())) fixes.add("run as " + wanted.roleArn() + " (now " + seen.roleArn() + ")");
        if (!found.enabled()) fixes.add("enable it");
        return fixes;
    }

    private static Step role(Names names, Observed.Role role, Wanted wanted) {
        if (role == null) {
            return new Step(Kind.SCHEDULER_ROLE, names.schedulerRole(), Action.CREATE, List.of("trusts EventBridge Scheduler for the"
                    + " group " + names.scheduleGroup() + "; ecs:UpdateService on " + names.service(AppService.WEB) + " and "
                    + names.service(AppService.WORKER) + ", rds:StartDBInstance and rds:StopDBInstance on " + names.dbInstance()));
        }
        List<String> fixes = new ArrayList<>();
        if (!Policies.same(role.trustPolicy(), wanted.trust())) fixes.add("trust only EventBridge Scheduler for the group " + names.scheduleGroup());
        if (!Policies.same(role.inlinePolicies().get(names.schedulerPolicy()), wanted.permissions())) fixes.add("set its permissions");
        if (fixes.isEmpty()) return new Step(Kind.SCHEDULER_ROLE, names.schedulerRole(), Action.EXISTS, List.of());
        boolean managed = names.prefix().equals(role.prefixTag());
        return new Step(Kind.SCHEDULER_ROLE, names.schedulerRole(), managed ? Action.UPDATE : Action.DIFFERS, fixes);
    }

    /** Settings removed: this stack's schedules go, then the group (unless it holds others), then the role. */
    private static Plan removal(Names names, Seen seen) {
        List<Step> steps = new ArrayList<>();
        seen.schedules().keySet().forEach(name -> steps.add(new Step(Kind.SCHEDULE, name, Action.DELETE, List.of(UNSET))));
        Scheduler.Group group = seen.group();
        if (group != null && !group.deleting()) {
            if (!group.managed()) {
                steps.add(new Step(Kind.SCHEDULE_GROUP, group.name(), Action.KEEP, List.of("not tagged labs:prefix=" + names.prefix())));
            } else if (!seen.others().isEmpty()) {
                steps.add(new Step(Kind.SCHEDULE_GROUP, group.name(), Action.KEEP, List.of("holds other schedules: "
                        + String.join(", ", seen.others()))));
            } else {
                steps.add(new Step(Kind.SCHEDULE_GROUP, group.name(), Action.DELETE, List.of(UNSET)));
            }
        }
        if (seen.role() != null) steps.add(roleRemoval(names, seen.role(), UNSET));
        return new Plan(List.copyOf(steps), List.of(), List.of());
    }

    private static Step roleRemoval(Names names, Observed.Role role, String why) {
        boolean managed = names.prefix().equals(role.prefixTag());
        return new Step(Kind.SCHEDULER_ROLE, names.schedulerRole(), managed ? Action.DELETE : Action.KEEP,
                managed ? why == null ? List.of() : List.of(why) : List.of("not tagged labs:prefix=" + names.prefix()));
    }

    /**
     * Pure: what teardown deletes, schedules first so that none fires on a half-deleted stack; the group
     * with whatever else it holds (it is the stack's), unless built by hand.
     */
    static List<Step> teardown(Names names, Seen seen) {
        List<Step> steps = new ArrayList<>();
        seen.schedules().keySet().forEach(name -> steps.add(new Step(Kind.SCHEDULE, name, Action.DELETE, List.of())));
        Scheduler.Group group = seen.group();
        if (group != null && !group.deleting()) {
            steps.add(group.managed() ? new Step(Kind.SCHEDULE_GROUP, group.name(), Action.DELETE,
                    seen.others().isEmpty() ? List.of() : List.of("with " + String.join(", ", seen.others())))
                    : new Step(Kind.SCHEDULE_GROUP, group.name(), Action.KEEP, List.of("not tagged labs:prefix=" + names.prefix())));
        }
        if (seen.role() != null) steps.add(roleRemoval(names, seen.role(), null));
        return steps;
    }

    /** Carries out the schedules' steps of a plan, in its order. */
    void apply(Plan plan, Wanted wanted) {
        for (Step step : plan.steps()) {
            if (step.action() == Action.CREATE || step.action() == Action.UPDATE || step.action() == Action.DELETE) {
                switch (step.kind()) {
                    case SCHEDULER_ROLE -> role(step.action(), wanted);
                    case SCHEDULE_GROUP -> group(step);
                    case SCHEDULE -> schedule(step, wanted);
                    default -> { }
                }
            }
        }
    }

    /** Deletes one of the schedules' resources (teardown goes through its plan step by step). */
    void delete(Step step) {
        switch (step.kind()) {
            case SCHEDULE -> scheduler.deleteSchedule(names.scheduleGroup(), step.name());
            case SCHEDULE_GROUP -> scheduler.deleteGroup(names.scheduleGroup());
            case SCHEDULER_ROLE -> iam.deleteRole(names.schedulerRole());
            default -> throw new IllegalArgumentException(step.kind() + " is not the schedules'");
        }
    }

    private void role(Action action, Wanted wanted) {
        String role = names.schedulerRole();
        switch (action) {
            case CREATE -> iam.createRole(role, wanted.trust(), "labs " + names.prefix() + ": EventBridge Scheduler wakes and sleeps the stack");
            case UPDATE -> iam.updateTrust(role, wanted.trust());
            case DELETE -> {
                iam.deleteRole(role);
                return;
            }
            default -> throw new IllegalArgumentException(action.word);
        }
        iam.putPolicy(role, names.schedulerPolicy(), wanted.permissions());
    }

    private void group(Step step) {
        if (step.action() == Action.CREATE) scheduler.createGroup(step.name());
        else if (step.action() == Action.DELETE) scheduler.deleteGroup(step.name());
    }

    private void schedule(Step step, Wanted wanted) {
        switch (step.action()) {
            case CREATE -> create(wanted.schedule(step.name()));
            case UPDATE -> scheduler.updateSchedule(names.scheduleGroup(), wanted.schedule(step.name()));
            case DELETE -> scheduler.deleteSchedule(names.scheduleGroup(), step.name());
            default -> throw new IllegalArgumentException(step.action().word);
        }
    }

    /**
     * CreateSchedule checks that Scheduler may assume the role, and refuses a role IAM has not spread
     * yet with "The execution role you provide must allow AWS EventBridge Scheduler to assume the role"
     * (https://github.com/aws/aws-sdk-js-v3/issues/6494): retried until the role has had time.
     */
    private void create(Scheduler.Definition schedule) {
        Waits.poll(ticker, Duration.ofSeconds(5), ROLE_PROPAGATION, elapsed -> {
            try {
                scheduler.createSchedule(names.scheduleGroup(), schedule);
                return Optional.of(true);
            } catch (ValidationException e) {
                if (!String.valueOf(e.getMessage()).contains("must allow AWS EventBridge Scheduler to assume the role")) throw e;
                return Optional.empty();
            }
        }, elapsed -> {
            throw LabsException.failed("EventBridge Scheduler still may not assume " + names.schedulerRole() + " after "
                    + Console.elapsed(elapsed) + ": check its trust policy, then run provision again");
        });
    }
}
