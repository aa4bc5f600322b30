///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/Labs.java
//SOURCES lib/Ecs.java
//SOURCES lib/PublicIps.java
//SOURCES lib/ImageRef.java
//SOURCES lib/Images.java
//SOURCES lib/Revisions.java
//SOURCES lib/TaskLogs.java
//SOURCES lib/Diagnosis.java
//SOURCES lib/Rollout.java
//SOURCES lib/OneOffTask.java

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.Service;

@Command(name = "deploy", sortOptions = false,
        description = {"Move the web and worker services to an image and wait until they run it, or say why not.",
                "",
                "Registers a new task-definition revision per service (a copy of the live one with only the app " +
                        "container's image changed), updates the services, and waits: success is the new revision " +
                        "running with its rollout COMPLETED. When its tasks keep crashing, deploy rolls back to the " +
                        "previous revision itself and exits 1 with the stopped reason, exit codes and last log lines. " +
                        "Prints the URL at the end.",
                "",
                "Replaces the runbook's aws ecs register-task-definition, aws ecs update-service and aws ecs " +
                        "wait services-stable."},
        footer = {"", "Examples:", "  jbang deploy@labs --image abc1234", "  jbang deploy@labs --image abc1234 --migrate",
                "  jbang deploy@labs --image \"$REPOSITORY_URI:abc1234\" --services web",
                "  jbang deploy@labs --image abc1234 --dry-run"})
class Deploy implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "IMAGE",
            description = "Image to deploy: a tag of the stack's ECR repository (checked to exist) or a full image URI.")
    String image;

    @Option(names = "--migrate", description = "Run the migration (labs.migrate.command) with the new image first; a failed migration stops the deploy.")
    boolean migrate;

    @Option(names = "--services", split = ",", paramLabel = "SERVICE", defaultValue = "web,worker",
            description = "Services to deploy (default: ${DEFAULT-VALUE}).")
    List<String> services;

    @Option(names = "--dry-run", description = "Print each service's task-definition change and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Deploy even while another deployment of these services is in progress.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait for the services (and the migration) (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Deploy(), args);
    }

    @Override
    public Integer call() {
        Duration patience = Durations.parse(timeout, "--timeout");
        Ecs ecs = new Ecs(labs);
        Rollout rollout = new Rollout(labs, ecs);
        Map<String, Service> targets = rollout.services(services);
        if (!force) Rollout.refuseIfInProgress(List.copyOf(targets.values()));
        String imageUri = new Images(labs).resolve(image);
        if (dryRun) {
            printPlan(rollout, targets, imageUri);
            return 0;
        }
        Map<String, Revision> revisions = registerRevisions(rollout, targets, imageUri);
        if (migrate) migrate(ecs, rollout, revisions, imageUri, patience);
        List<Target> rollouts = new ArrayList<>();
        revisions.forEach((name, revision) -> rollouts.add(rollout.moveTo(name, targets.get(name), revision)));
        rollout.await(rollouts, patience);
        report(ecs, revisions, imageUri);
        return 0;
    }

    private void printPlan(Rollout rollout, Map<String, Service> targets, String imageUri) {
        targets.forEach((name, service) -> {
            Revision live = rollout.live(service);
            var container = rollout.revisions().appContainer(live.taskDefinition());
            int desired = rollout.desiredCountAfterDeploy(name, service);
            labs.console().result(service.serviceName() + ": " + live.name() + " -> a new revision of "
                    + live.taskDefinition().family() + ", container " + container.name() + " image " + container.image()
                    + " -> " + imageUri + (desired != service.desiredCount()
                            ? ", desired count " + service.desiredCount() + " -> " + desired : ""));
        });
        if (migrate) {
            labs.console().result("before that: run `" + labs.config().get(Setting.MIGRATE_COMMAND)
                    + "` in a one-off task of the new web revision; stop if it fails");
        }
        labs.console().info("Dry run: nothing registered or changed");
    }

    private Map<String, Revision> registerRevisions(Rollout rollout, Map<String, Service> targets, String imageUri) {
        Map<String, Revision> revisions = new LinkedHashMap<>();
        targets.forEach((name, service) -> {
            Revision revision = rollout.registerWithImage(service, imageUri);
            labs.console().info("Registered " + revision.name() + " (" + imageUri + ")");
            revisions.put(name, revision);
        });
        return revisions;
    }

    /** The migration runs from web's new revision (registered for it alone when web is not deployed). */
    private void migrate(Ecs ecs, Rollout rollout, Map<String, Revision> revisions, String imageUri, Duration patience) {
        Service web = rollout.service("web");
        Revision revision = revisions.containsKey("web") ? revisions.get("web") : rollout.registerWithImage(web, imageUri);
        List<String> command = OneOffTask.words(labs.config().get(Setting.MIGRATE_COMMAND));
        OneOffTask task = new OneOffTask(labs, ecs, rollout.revisions(), new TaskLogs(labs));
        int exitCode = task.run(revision, web, command, patience, line -> labs.console().detail("  | " + line));
        if (exitCode != 0) {
            throw LabsException.failed("The migration exited with code " + exitCode
                    + ": deploy stopped before updating any service (they still run their old revisions)");
        }
    }

    /** The URL on stdout (or JSON), and under GitHub Actions a step summary. */
    private void report(Ecs ecs, Map<String, Revision> revisions, String imageUri) {
        PublicIps.Lookup lookup = new PublicIps(labs, ecs).lookup(labs.names().service("web"));
        String url = lookup.found()
                ? PublicIps.url(lookup.addresses().get(0).publicIp(), labs.config().getPort(Setting.WEB_PORT)) : null;
        if (url == null) labs.console().warn("Deployed, but no URL yet: " + lookup.notReadyReason());
        StringBuilder summary = new StringBuilder("### Deployed `" + imageUri + "`\n");
        revisions.values().forEach(revision -> summary.append("- ").append(revision.name()).append('\n'));
        if (url != null) summary.append("- ").append(url).append('\n');
        labs.console().summary(summary.toString());
        if (labs.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            revisions.forEach((name, revision) -> result.put(name, revision.name()));
            result.put("url", url);
            labs.console().json(result);
        } else if (url != null) {
            labs.console().result(url);
        }
    }
}
