import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** Says why tasks stopped: stopped reason, each container's exit code and reason, the last lines of its log. */
final class Diagnosis {
    static final int LOG_LINES = 30;
    static final int TASKS_SHOWN = 2;
    private static final Set<String> FAILURE_STOP_CODES = Set.of("TaskFailedToStart", "EssentialContainerExited");
    /**
     * How ECS reports a Fargate Spot interruption: the stop code SpotInterruption (TerminationNotice
     * during the two-minute notice) and the stopped reason "Your Spot Task was interrupted." (ECS
     * developer guide, task state change events,
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html; AWS
     * knowledge center, https://repost.aws/knowledge-center/fargate-spot-termination-notice).
     */
    private static final Set<String> SPOT_STOP_CODES = Set.of("SpotInterruption", "TerminationNotice");
    static final String SPOT_REASON = "Your Spot Task was interrupted";

    private final Console console;
    private final Ecs ecs;
    private final CloudWatchLogs logs;
    private final Map<String, Revision> described = new HashMap<>();
    private final Set<String> interruptionsShown = new HashSet<>();

    Diagnosis(LabsOptions labs, Ecs ecs, CloudWatchLogs logs) {
        this.console = labs.console();
        this.ecs = ecs;
        this.logs = logs;
    }

    /**
     * Whether a stopped task stopped because something went wrong: it failed to start, its
     * essential container exited (a service's container must not exit at all), a container exited
     * non-zero, or it failed its health checks. A task the scheduler stopped to replace it is not.
     */
    static boolean stoppedWithError(Task task) {
        if (!"STOPPED".equals(task.lastStatus()) || spotInterrupted(task)) return false;
        if (FAILURE_STOP_CODES.contains(task.stopCodeAsString())) return true;
        boolean nonZeroExit = task.containers().stream().anyMatch(c -> c.exitCode() != null && c.exitCode() != 0);
        String reason = String.valueOf(task.stoppedReason()).toLowerCase(Locale.ROOT);
        return nonZeroExit || reason.contains("health check");
    }

    /**
     * Fargate Spot took the task's capacity back: the app did nothing wrong (its container exits
     * non-zero on the SIGTERM all the same), and the service starts a replacement.
     */
    static boolean spotInterrupted(Task task) {
        return task.stopCode() != null && SPOT_STOP_CODES.contains(task.stopCodeAsString())
                || String.valueOf(task.stoppedReason()).startsWith(SPOT_REASON);
    }

    /**
     * The tasks a deployment started (ECS puts the deployment id in startedBy) that stopped with an
     * error, newest first. A Spot interruption among them is no error: it is said once, as such.
     */
    List<Task> failedTasks(String serviceName, String deploymentId) {
        List<Task> stopped = stoppedTasks(serviceName, deploymentId);
        stopped.stream().filter(Diagnosis::spotInterrupted).filter(t -> interruptionsShown.add(t.taskArn()))
                .forEach(t -> console.info("  task " + Ecs.taskId(t.taskArn()) + " of " + serviceName + " was interrupted by "
                        + "Fargate Spot (not a crash: ECS starts another)"));
        return stopped.stream().filter(Diagnosis::stoppedWithError).toList();
    }

    private List<Task> stoppedTasks(String serviceName, String deploymentId) {
        return ecs.tasks(serviceName, DesiredStatus.STOPPED).stream()
                .filter(t -> deploymentId.equals(t.startedBy()))
                .sorted(Comparator.comparing(Diagnosis::stoppedAt).reversed())
                .toList();
    }

    /**
     * What went wrong with a deployment: its newest failed tasks, or when none failed the tasks
     * Fargate Spot interrupted and the service's newest events.
     */
    void explainDeployment(Service service, String deploymentId) {
        List<Task> stopped = stoppedTasks(service.serviceName(), deploymentId);
        List<Task> failed = stopped.stream().filter(Diagnosis::stoppedWithError).toList();
        if (failed.isEmpty()) {
            List<Task> interrupted = stopped.stream().filter(Diagnosis::spotInterrupted).toList();
            if (!interrupted.isEmpty()) {
                List<String> shown = new ArrayList<>();
                shown.add(interrupted.size() + " task" + (interrupted.size() == 1 ? " was" : "s were") + " of " + service.serviceName()
                        + "'s deployment " + deploymentId + " interrupted by Fargate Spot (not crashes):");
                interrupted.stream().limit(TASKS_SHOWN).forEach(t -> shown.addAll(lines(t)));
                show(shown);
            }
        }
        explainDeployment(service, deploymentId, failed);
    }

    /** The same, with the deployment's failed tasks already looked up. */
    void explainDeployment(Service service, String deploymentId, List<Task> failed) {
        if (failed.isEmpty()) {
            List<String> shown = new ArrayList<>();
            shown.add("No task of " + service.serviceName() + "'s deployment " + deploymentId
                    + " stopped with an error; newest service events:");
            service.events().stream().limit(5).forEach(e -> shown.add("  " + e.createdAt() + " " + e.message()));
            show(shown);
            return;
        }
        failed.stream().limit(TASKS_SHOWN).forEach(task -> explainTask(task, true));
    }

    /** One stopped task: why it stopped, each container's exit, and (withLogs) the last lines of each container's log. */
    void explainTask(Task task, boolean withLogs) {
        List<String> shown = new ArrayList<>(lines(task));
        if (withLogs) {
            Revision revision = described.computeIfAbsent(task.taskDefinitionArn(), ecs::revision);
            for (ContainerDefinition container : revision.taskDefinition().containerDefinitions()) {
                LogLocation.of(container).ifPresent(location -> {
                    String stream = location.stream(Ecs.taskId(task.taskArn()));
                    List<String> tail = logs.tail(location, Ecs.taskId(task.taskArn()), LOG_LINES);
                    if (tail.isEmpty()) {
                        shown.add("  no log lines in " + location.group() + " " + stream + " (the container may never have started)");
                    } else {
                        shown.add("  last " + tail.size() + " log lines of " + container.name() + " (" + location.group() + " " + stream + "):");
                        tail.forEach(line -> shown.add("    | " + line));
                    }
                });
            }
        }
        show(shown);
    }

    /** On stderr, and under GitHub Actions in the job summary too, where a failed deploy's reader looks first. */
    private void show(List<String> shown) {
        shown.forEach(console::info);
        console.summary("````text\n" + String.join("\n", shown) + "\n````");
    }

    /** The stop, as lines a person reads: task, revision, reason and code, then each container's exit. */
    static List<String> lines(Task task) {
        List<String> lines = new ArrayList<>();
        lines.add("Task " + Ecs.taskId(task.taskArn()) + " (" + Ecs.revisionOf(task.taskDefinitionArn()) + ") stopped"
                + (task.stoppedAt() == null ? "" : " at " + task.stoppedAt()) + ": "
                + (spotInterrupted(task) ? "interrupted by Fargate Spot, AWS took the capacity back (not a crash): " : "")
                + task.stoppedReason() + (task.stopCode() == null ? "" : " (" + task.stopCodeAsString() + ")"));
        for (Container container : task.containers()) {
            String exit = container.exitCode() == null ? "no exit code (never ran)" : "exit code " + container.exitCode();
            lines.add("  container " + container.name() + ": " + exit
                    + (container.reason() == null ? "" : ", " + container.reason()));
        }
        return lines;
    }

    private static Instant stoppedAt(Task task) {
        return task.stoppedAt() == null ? Instant.EPOCH : task.stoppedAt();
    }
}
