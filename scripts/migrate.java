///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java
//SOURCES lib/sleep/sleep.java

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.Service;

@Command(name = "migrate", sortOptions = false,
        description = {"Run the migration (or --command) as a one-off Fargate task, print its log, exit with its exit " +
                        "code.",
                "",
                "The task runs the web service's live revision (or --task-definition) in the service's subnets " +
                        "and security group with a public IP. Its log lines go to stdout as they arrive; progress to " +
                        "stderr. A task that fails to start exits 1 with ECS's stopped reason. Ctrl-C asks whether to " +
                        "stop the task too. Without a terminal to ask on (CI), the task is left to finish, since " +
                        "stopping a migration halfway is worse than letting it end; labs prints how to stop it.",
                "",
                "Replaces the runbook's aws ecs run-task --overrides ..., aws ecs wait tasks-stopped and aws " +
                        "logs get-log-events."},
        footer = {"", "Examples:", "  jbang migrate@labs", "  jbang migrate@labs --command \"python manage.py migrate_multi --noinput\"",
                "  jbang migrate@labs --command \"python manage.py createsuperuser --noinput\" --task-definition labs-jj-web:12"})
class Migrate implements Callable<Integer> {
    @Option(names = "--command", paramLabel = "COMMAND",
            description = "Command to run instead of the migration (labs.migrate.command, default /migrate); quote it as one argument.")
    String command;

    @Option(names = "--task-definition", paramLabel = "FAMILY:REVISION",
            description = "Revision to run (default: the one the web service runs now).")
    String taskDefinition;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long to wait for the task to stop (default: ${DEFAULT-VALUE}); the task keeps running after.")
    String timeout;

    @Option(names = "--wake", description = "Wake a sleeping environment first (see wake); without it, migrate refuses one.")
    boolean wake;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Migrate(), args);
    }

    @Override
    public Integer call() {
        labs.option(Setting.MIGRATE_COMMAND, command);
        Duration patience = Durations.parse(timeout, "--timeout");
        var words = OneOffTask.words(labs.config().get(Setting.MIGRATE_COMMAND));
        Ecs ecs = new Ecs(labs);
        Revisions revisions = new Revisions(labs, ecs);
        Hibernation.of(labs, ecs).requireAwake("migrate", wake, false, patience);
        Service web = ecs.service(AppService.WEB);
        Revision revision = ecs.revision(taskDefinition != null ? taskDefinition : web.taskDefinition());
        OneOffTask task = new OneOffTask(labs, ecs, revisions, new CloudWatchLogs(labs));
        return task.run(revision, web, words, patience, labs.console()::result);
    }
}
