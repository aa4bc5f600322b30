///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.Service;

@Command(name = "rollback", sortOptions = false,
        description = {"Move the services back to the revision before the live one (or --to N) and wait, like deploy.",
                "",
                "The previous revision is the newest ACTIVE one older than the revision the service runs now, " +
                        "not the newest registered. --list shows the recent revisions with image tag, registration time " +
                        "and which is live.",
                "",
                "Replaces the runbook's aws ecs list-task-definitions, aws ecs describe-task-definition and aws " +
                        "ecs update-service."},
        footer = {"", "Examples:", "  jbang rollback@labs --list", "  jbang rollback@labs", "  jbang rollback@labs --to 12 --services web",
                "  jbang rollback@labs --dry-run"})
class Rollback implements Callable<Integer> {
    static final int LISTED = 10;

    @Option(names = "--list", description = "List the recent revisions of each service and change nothing.")
    boolean list;

    @Option(names = "--to", paramLabel = "N", description = "Revision number to move to (each service's family has its own numbers).")
    Integer to;

    @Option(names = "--services", split = ",", paramLabel = "SERVICE", defaultValue = "web,worker",
            description = "Services to roll back (default: ${DEFAULT-VALUE}).")
    List<AppService> services;

    @Option(names = "--dry-run", description = "Print what would change and change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait for the services (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Rollback(), args);
    }

    @Override
    public Integer call() {
        Duration patience = Durations.parse(timeout, "--timeout");
        Ecs ecs = new Ecs(labs);
        Rollout rollout = new Rollout(labs, ecs);
        Map<AppService, Service> targets = rollout.services(services);
        if (list) {
            printRevisions(ecs, rollout, targets);
            return 0;
        }
        Map<AppService, Revision> destinations = new LinkedHashMap<>();
        targets.forEach((name, service) -> destinations.put(name, destination(ecs, rollout, service)));
        if (dryRun) {
            destinations.forEach((name, revision) -> labs.console().result(targets.get(name).serviceName() + ": "
                    + describe(rollout, rollout.live(targets.get(name))) + " -> " + describe(rollout, revision)));
            labs.console().info("Dry run: nothing changed");
            return 0;
        }
        List<Target> rollouts = new ArrayList<>();
        destinations.forEach((name, revision) -> rollouts.add(rollout.moveTo(name, targets.get(name), revision)));
        rollout.await(rollouts, patience);
        return 0;
    }

    /** --to N, or the newest ACTIVE revision older than the live one. */
    private Revision destination(Ecs ecs, Rollout rollout, Service service) {
        Revision live = rollout.live(service);
        String family = live.taskDefinition().family();
        if (to != null) {
            if (to == live.number()) {
                throw LabsException.failed(service.serviceName() + " already runs " + live.name() + ": nothing to roll back");
            }
            Revision chosen = ecs.revision(family + ":" + to);
            if (!"ACTIVE".equals(chosen.taskDefinition().statusAsString())) {
                throw LabsException.failed(chosen.name() + " is " + chosen.taskDefinition().statusAsString()
                        + " (deregistered) and cannot run; rollback --list shows the active revisions");
            }
            return chosen;
        }
        List<String> active = ecs.activeRevisionArns(family, Integer.MAX_VALUE);
        return previous(active, live.number()).map(ecs::revision)
                .orElseThrow(() -> LabsException.failed(service.serviceName() + " runs " + live.name()
                        + " and the family has no older active revision: nothing to roll back to"));
    }

    /** The newest revision older than the live one, from ARNs ending in :N. */
    static Optional<String> previous(List<String> activeArns, int live) {
        return activeArns.stream().filter(arn -> revisionNumber(arn) < live)
                .max(Comparator.comparingInt(Rollback::revisionNumber));
    }

    private static int revisionNumber(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
    }

    private void printRevisions(Ecs ecs, Rollout rollout, Map<AppService, Service> targets) {
        List<Map<String, Object>> rows = new ArrayList<>();
        targets.forEach((name, service) -> {
            String family = rollout.live(service).taskDefinition().family();
            for (String arn : ecs.activeRevisionArns(family, LISTED)) {
                Revision revision = ecs.revision(arn);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("service", name.id);
                row.put("revision", revision.name());
                row.put("image", ImageRef.parse(appImage(rollout, revision)).label());
                row.put("registered", String.valueOf(revision.taskDefinition().registeredAt()));
                row.put("live", arn.equals(service.taskDefinition()));
                rows.add(row);
            }
        });
        if (labs.json) {
            labs.console().json(rows);
            return;
        }
        labs.console().result(String.format("%-8s %-28s %-24s %-22s %s", "SERVICE", "REVISION", "IMAGE", "REGISTERED", "LIVE"));
        rows.forEach(row -> labs.console().result(String.format("%-8s %-28s %-24s %-22s %s", row.get("service"),
                row.get("revision"), row.get("image"), row.get("registered"), Boolean.TRUE.equals(row.get("live")) ? "live" : "")));
    }

    private static String appImage(Rollout rollout, Revision revision) {
        return rollout.revisions().appContainer(revision.taskDefinition()).image();
    }

    private static String describe(Rollout rollout, Revision revision) {
        return revision.name() + " (" + appImage(rollout, revision) + ")";
    }
}
