import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A one-off Fargate task (a migration, say): started from a revision with its command
 * overridden, in the service's subnets and security group with a public IP (there is no NAT
 * gateway, so without one the task cannot pull its image), always on-demand (never Fargate
 * Spot), its log followed while it runs, and waited for until STOPPED for as long as the caller
 * allows, without the SDK waiter's limit.
 */
final class OneOffTask {
    static final Duration POLL = Duration.ofSeconds(2);
    /** DescribeTasks may not know a task RunTask has just returned (eventual consistency). */
    static final Duration MISSING_GRACE = Duration.ofSeconds(30);
    static final String STARTED_BY = "labs-one-off";

    private final LabsOptions labs;
    private final Ecs ecs;
    private final Console console;
    private final Ticker ticker;
    private final Revisions revisions;
    private final CloudWatchLogs logs;

    OneOffTask(LabsOptions labs, Ecs ecs, Revisions revisions, CloudWatchLogs logs) {
        this.labs = labs;
        this.ecs = ecs;
        this.console = labs.console();
        this.ticker = labs.ticker();
        this.revisions = revisions;
        this.logs = logs;
    }

    /**
     * Runs the command and returns the app container's exit code; each log line goes to logSink.
     * Ctrl-C asks whether to stop the task; without a terminal to ask on, the task is left to finish.
     */
    int run(Revision revision, Service networkFrom, List<String> command, Duration timeout, Consumer<String> logSink) {
        ContainerDefinition container = revisions.appContainer(revision.taskDefinition());
        String taskArn = ecs.runTask(runTaskRequest(revision, container.name(), networkFrom, command));
        String taskId = Ecs.taskId(taskArn);
        console.info("Started task " + taskId + " (" + revision.name() + ") running: " + String.join(" ", command));
        console.detail("  its log, also later: jbang logs@labs --task " + taskId);
        ticker.catchInterrupts();
        Optional<CloudWatchLogs.StreamReader> log = LogLocation.of(container).map(location -> logs.reader(location, taskId));
        Instant start = ticker.now();
        String[] lastStatus = {""};
        boolean[] stopRequested = {false};
        return Waits.poll(ticker, POLL, timeout, elapsed -> {
            if (!stopRequested[0] && ticker.interruptRequested()) {
                if (!askToStop(taskId)) return Optional.of(leftRunning(taskId));
                stopTask(taskArn);
                stopRequested[0] = true;
            }
            Optional<Task> task = describe(taskArn, start);
            log.ifPresent(reader -> reader.newLines().forEach(logSink));
            if (task.isPresent() && !task.get().lastStatus().equals(lastStatus[0])) {
                lastStatus[0] = task.get().lastStatus();
                console.info("  task " + taskId + ": " + lastStatus[0] + " (" + Console.elapsed(Duration.between(start, ticker.now())) + ")");
            }
            if (task.isPresent() && "STOPPED".equals(lastStatus[0])) {
                // the last lines reach CloudWatch a moment after the task stops
                ticker.sleep(POLL);
                log.ifPresent(reader -> reader.newLines().forEach(logSink));
                return Optional.of(exitCode(task.get(), container.name()));
            }
            return Optional.empty();
        }, elapsed -> {
            throw LabsException.failed("Gave up after " + Console.elapsed(elapsed) + " (--timeout): task " + taskId + " is "
                    + lastStatus[0] + " and keeps running; " + howToFollowAndStop(taskId));
        });
    }

    RunTaskRequest runTaskRequest(Revision revision, String container, Service networkFrom, List<String> command) {
        AwsVpcConfiguration network = Optional.ofNullable(networkFrom.networkConfiguration())
                .map(n -> n.awsvpcConfiguration())
                .orElseThrow(() -> LabsException.failed("Service " + networkFrom.serviceName()
                        + " has no awsvpc network configuration to run the task in; run provision"));
        RunTaskRequest.Builder request = RunTaskRequest.builder()
                .cluster(ecs.cluster())
                .taskDefinition(revision.arn())
                .count(1)
                .startedBy(STARTED_BY)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(network.subnets())
                        .securityGroups(network.securityGroups()).assignPublicIp(AssignPublicIp.ENABLED)))
                .overrides(o -> o.containerOverrides(ContainerOverride.builder().name(container).command(command).build()));
        // on-demand Fargate whatever the service runs on: a migration that Spot interrupts halfway is left half done
        request.launchType(LaunchType.FARGATE);
        if (networkFrom.platformVersion() != null) request.platformVersion(networkFrom.platformVersion());
        return request.build();
    }

    /** DescribeTasks answers MISSING for an unknown task; shortly after RunTask that can be a delay, later it is gone. */
    private Optional<Task> describe(String taskArn, Instant start) {
        Optional<Task> task = ecs.findTask(taskArn);
        if (task.isPresent()) return task;
        if (Duration.between(start, ticker.now()).compareTo(MISSING_GRACE) < 0) return Optional.empty();
        throw LabsException.failed("ECS no longer knows task " + Ecs.taskId(taskArn) + " (DescribeTasks: MISSING)");
    }

    private int exitCode(Task task, String container) {
        Optional<Integer> exitCode = task.containers().stream().filter(c -> container.equals(c.name()))
                .map(Container::exitCode).filter(code -> code != null).findFirst();
        String taskId = Ecs.taskId(task.taskArn());
        if (exitCode.isEmpty()) {
            Diagnosis.lines(task).forEach(console::info);
            throw LabsException.failed("Task " + taskId + " did not run: " + task.stoppedReason()
                    + (task.stopCode() == null ? "" : " (" + task.stopCodeAsString() + ")"));
        }
        if (exitCode.get() == 0) {
            console.info("Task " + taskId + " exited with code 0");
        } else {
            Diagnosis.lines(task).forEach(console::info);
            console.error("Task " + taskId + " exited with code " + exitCode.get());
        }
        return exitCode.get();
    }

    private boolean askToStop(String taskId) {
        if (!labs.context().terminal()) return false;
        String answer = labs.ask("Stop task " + taskId + " too? [y/N] ");
        return answer != null && answer.trim().matches("(?i)y|yes");
    }

    private void stopTask(String taskArn) {
        ecs.stopTask(taskArn, "Stopped with Ctrl-C in labs");
        console.info("Stopping task " + Ecs.taskId(taskArn) + "...");
    }

    private int leftRunning(String taskId) {
        console.warn("Task " + taskId + " keeps running without labs watching it; " + howToFollowAndStop(taskId));
        return LabsException.INTERRUPTED;
    }

    private String howToFollowAndStop(String taskId) {
        return "follow it with `jbang logs@labs --task " + taskId + " --follow`, stop it with `aws ecs stop-task --cluster "
                + ecs.cluster() + " --task " + taskId + "`";
    }

    /** Splits a command line into words the way a shell would for simple quoting: spaces, '...' and "...". */
    static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : commandLine.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw LabsException.usage("Unbalanced quote in the command: " + commandLine);
        if (inWord) words.add(word.toString());
        if (words.isEmpty()) throw LabsException.usage("The command is empty");
        return words;
    }
}
