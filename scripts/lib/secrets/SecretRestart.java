import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The last step of every rotation: restart the services so that their tasks read the secret again
 * (ECS injects secrets only when a task starts), and measure when the last task that started before
 * the rotation stopped.
 */
final class SecretRestart {
    /** failure: null when the services became stable, else why not. */
    record Result(String failure, Instant lastOldTaskStopped, List<String> oldTasksStillRunning) {
        boolean stable() {
            return failure == null;
        }
    }

    private final LabsOptions labs;
    private final Ecs ecs;
    private final ServiceRestart restart;
    private final List<String> services;

    SecretRestart(LabsOptions labs, Ecs ecs, ServiceRestart restart) {
        this.labs = labs;
        this.ecs = ecs;
        this.restart = restart;
        this.services = Stream.of(AppService.values()).map(labs.names()::service).toList();
    }

    List<String> services() {
        return services;
    }

    Instant now() {
        return labs.ticker().now();
    }

    String step() {
        return "Force a new deployment of " + String.join(" and ", services) + " and wait until both are stable, "
                + "so that their tasks read the secret again";
    }

    /** Never throws: a restart that fails, or an AWS error on the way, becomes a result that says why. */
    Result run() {
        List<String> oldTasks;
        try {
            oldTasks = services.stream().flatMap(s -> ecs.tasks(s, DesiredStatus.RUNNING).stream()).map(Task::taskArn).toList();
        } catch (RuntimeException e) {
            return new Result(labs.explain(e).getMessage(), null, List.of());
        }
        labs.console().info("Restarting " + String.join(", ", services) + " (" + oldTasks.size() + " running tasks to replace)");
        String failure = null;
        try {
            restart.restart(List.of(AppService.values()));
        } catch (RuntimeException e) {
            failure = labs.explain(e).getMessage();
        }
        try {
            List<Task> described = oldTasks.isEmpty() ? List.of() : ecs.describeTasks(oldTasks);
            List<String> stillRunning = described.stream().filter(t -> !"STOPPED".equals(t.lastStatus()))
                    .map(t -> Ecs.taskId(t.taskArn())).toList();
            Instant lastStopped = described.stream().map(Task::stoppedAt).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            return new Result(failure, stillRunning.isEmpty() ? lastStopped : null, stillRunning);
        } catch (RuntimeException e) {
            if (failure == null) labs.console().warn("Could not tell when the old tasks stopped: " + labs.explain(e).getMessage());
            return new Result(failure, null, List.of());
        }
    }

    /** The restart failed after the secret changed: say what is done and what is left. */
    LabsException failed(Result result, String done) {
        String stillRunning = result.oldTasksStillRunning().isEmpty() ? ""
                : " Tasks from before the restart still run: " + String.join(", ", result.oldTasksStillRunning()) + ".";
        String diagnosis = result.failure().strip().replaceAll("\\.$", "");
        return LabsException.failed("The restart did not finish: " + diagnosis + ". " + done
                + stillRunning + " Fix the cause, then run rotate-secret --restart-only.");
    }

    static Long seconds(Instant from, Instant to) {
        if (from == null || to == null) return null;
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
