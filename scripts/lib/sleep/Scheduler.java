import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * Every call labs makes to EventBridge Scheduler: the schedule that keeps a sleeping database
 * stopped. Schedules live in the account's "default" group; labs names them from the prefix.
 */
final class Scheduler {
    /** What labs reads back of a schedule. */
    record Schedule(String name, String expression, String targetArn, String roleArn, String input, String state) {
    }

    private final LabsOptions labs;

    Scheduler(LabsOptions labs) {
        this.labs = labs;
    }

    /** Asked for on first use: deploy and migrate make no Scheduler call unless they wake the environment. */
    private SchedulerClient scheduler() {
        return labs.aws().client(SchedulerClient.class, SchedulerClient::builder);
    }

    /** GetSchedule; empty when there is none of that name (ResourceNotFoundException). */
    Optional<Schedule> find(String name) {
        try {
            GetScheduleResponse found = scheduler().getSchedule(r -> r.name(name));
            return Optional.of(new Schedule(found.name(), found.scheduleExpression(), found.target().arn(),
                    found.target().roleArn(), found.target().input(), found.stateAsString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * CreateSchedule, or UpdateSchedule of one that exists already (CreateSchedule answers
     * ConflictException). Returns false while IAM does not yet let the scheduler assume a role
     * made moments ago (a ValidationException about the execution role), so that the caller waits.
     */
    boolean put(StopSchedule wanted) {
        Consumer<software.amazon.awssdk.services.scheduler.model.Target.Builder> target = t -> t.arn(StopSchedule.TARGET)
                .roleArn(wanted.roleArn()).input(wanted.input()).retryPolicy(p -> p.maximumRetryAttempts(0));
        try {
            try {
                scheduler().createSchedule(r -> r.name(wanted.name()).scheduleExpression(StopSchedule.EXPRESSION)
                        .description(description(wanted)).state(ScheduleState.ENABLED)
                        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(target));
                labs.console().detail("  created schedule " + wanted.name() + " (" + StopSchedule.EXPRESSION + ")");
            } catch (ConflictException exists) {
                scheduler().updateSchedule(r -> r.name(wanted.name()).scheduleExpression(StopSchedule.EXPRESSION)
                        .description(description(wanted)).state(ScheduleState.ENABLED)
                        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(target));
            }
            return true;
        } catch (ValidationException e) {
            if (String.valueOf(e.getMessage()).contains("execution role")) return false;
            throw e;
        }
    }

    /** DeleteSchedule; false when there was none (ResourceNotFoundException). */
    boolean delete(String name) {
        try {
            scheduler().deleteSchedule(r -> r.name(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private String description(StopSchedule wanted) {
        return "labs " + labs.names().prefix() + ": keeps " + wanted.databaseId() + " stopped while the environment sleeps";
    }
}
