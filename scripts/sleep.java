///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/stack/stack.java

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sleep", sortOptions = false,
        description = {"Stop paying for an idle environment: both services to 0 tasks (each one's count",
                "remembered in its tag labs:awake-count), the RDS instance stopped, and a daily",
                "EventBridge Scheduler schedule that stops it again, since RDS starts a stopped",
                "instance by itself after 7 days. ElastiCache cannot be stopped: it keeps running and",
                "is billed. wake brings it all back; deploy and migrate refuse a sleeping environment",
                "(or wake it with --wake). Safe to re-run: a sleeping environment is left as it is.",
                "",
                "Replaces aws ecs update-service --desired-count 0, aws rds stop-db-instance and the",
                "reminder to stop the database again after a week."},
        footer = {"", "Examples:", "  jbang sleep@labs", "  jbang sleep@labs --dry-run", "  jbang sleep@labs --json"})
class Sleep implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Print what would change and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Sleep even while a deployment of a service is in progress.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long to wait for the tasks to stop and the database to stop (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Sleep(), args);
    }

    @Override
    public Integer call() {
        Duration patience = Durations.parse(timeout, "--timeout");
        Hibernation hibernation = Hibernation.of(labs, new Ecs(labs));
        SleepState state = hibernation.observe();
        if (dryRun) {
            state.sleepPlan().forEach(labs.console()::result);
            labs.console().info(state.fullyAsleep() ? "Asleep already: nothing would change" : "Dry run: nothing changed");
            return 0;
        }
        SleepResources resources = new SleepResources(labs, new Iam(labs));
        SleepState asleep = hibernation.sleep(state, force, patience, resources::schedulerRole);
        if (labs.json) labs.console().json(asleep.json());
        else labs.console().result(asleep.summary());
        labs.console().summary("### labs sleep\n" + asleep.summary() + "\n");
        return 0;
    }
}
