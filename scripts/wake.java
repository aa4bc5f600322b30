///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/sleep/sleep.java
//SOURCES lib/network/network.java

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "wake", sortOptions = false,
        description = {"Bring a sleeping environment back: the schedule that kept the database stopped",
                "deleted, the RDS instance started (waits until available), both services back to",
                "the task counts they had (or the configured ones), then waits for their tasks like",
                "deploy, with the same diagnosis when they do not start, and prints the URL.",
                "An environment that is not asleep is left as it is. Safe to re-run.",
                "",
                "Replaces aws rds start-db-instance, aws rds wait db-instance-available and",
                "aws ecs update-service --desired-count N."},
        footer = {"", "Examples:", "  jbang wake@labs", "  jbang wake@labs --dry-run", "  jbang wake@labs --json"})
class Wake implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Print what would change and change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long to wait for the database and the services (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Wake(), args);
    }

    @Override
    public Integer call() {
        Duration patience = Durations.parse(timeout, "--timeout");
        Ecs ecs = new Ecs(labs);
        Hibernation hibernation = Hibernation.of(labs, ecs);
        SleepState state = hibernation.observe();
        if (dryRun) {
            if (state.awake()) labs.console().info(labs.names().prefix() + " is not asleep: nothing would change");
            else state.wakePlan().forEach(labs.console()::result);
            labs.console().info("Dry run: nothing changed");
            return 0;
        }
        SleepState awake = hibernation.wake(state, patience, true);
        PublicIps.Lookup web = new PublicIps(ecs, new Ec2(labs)).lookup(labs.names().service(AppService.WEB));
        String url = web.firstUrl(labs.config().getPort(Setting.WEB_PORT));
        if (url == null) labs.console().warn("Awake, but no URL: " + web.notReadyReason());
        labs.console().summary("### labs wake\n" + awake.summary() + (url == null ? "" : "\n- " + url) + "\n");
        if (labs.json) {
            Map<String, Object> json = new LinkedHashMap<>(awake.json());
            json.put("url", url);
            labs.console().json(json);
        } else if (url != null) {
            labs.console().result(url);
        }
        return 0;
    }
}
