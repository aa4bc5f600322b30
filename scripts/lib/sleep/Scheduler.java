import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * Every call labs makes to EventBridge Scheduler: the office-hours schedules in their group (tagged,
 * so that teardown can tell its own), and the schedule that keeps a sleeping database stopped, in
 * the account's "default" group; each invokes one API call through a universal target.
 */
final class Scheduler {
    /** The account's own group, where a schedule goes that names none: sleep's. */
    static final String DEFAULT_GROUP = "default";

    private final LabsOptions labs;

    Scheduler(LabsOptions labs) {
        this.labs = labs;
    }

    /** Asked for on first use: deploy and migrate make no Scheduler call unless they wake the environment. */
    private SchedulerClient scheduler() {
        return labs.aws().client(SchedulerClient.class, SchedulerClient::builder);
    }

    /**
     * Sleep's schedule: CreateSchedule in the default group, or UpdateSchedule of one that exists
     * already (CreateSchedule answers ConflictException). Returns false while IAM does not yet let the scheduler assume a role
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

    private String description(StopSchedule wanted) {
        return "labs " + labs.names().prefix() + ": keeps " + wanted.databaseId() + " stopped while the environment sleeps";
    }

    /** A schedule group; managed: it carries this prefix's labs tag. */
    record Group(String name, String arn, String state, boolean managed) {
        boolean deleting() {
            return "DELETING".equals(state);
        }
    }

    /**
     * What a schedule does and when: one call (target, the API's JSON input) made with roleArn at the
     * times of expression in timezone.
     */
    record Definition(String name, String expression, String timezone, String target, String input, String roleArn,
            String description) {
    }

    /** A schedule as Scheduler describes it: its definition and whether it is ENABLED. */
    record Found(Definition definition, boolean enabled) {
    }

    Group findGroup(String name) {
        GetScheduleGroupResponse group;
        try {
            group = scheduler().getScheduleGroup(r -> r.name(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        boolean managed = scheduler().listTagsForResource(r -> r.resourceArn(group.arn())).tags().stream()
                .anyMatch(t -> labs.names().isOwnTag(t.key(), t.value()));
        return new Group(group.name(), group.arn(), group.stateAsString(), managed);
    }

    void createGroup(String name) {
        scheduler().createScheduleGroup(r -> r.name(name).tags(tags()));
        labs.console().detail("  created schedule group " + name);
    }

    /** Scheduler deletes the group's schedules with it, after the call returns (the group shows DELETING until then). */
    void deleteGroup(String name) {
        try {
            scheduler().deleteScheduleGroup(r -> r.name(name));
        } catch (ResourceNotFoundException gone) {
            labs.console().detail("  schedule group " + name + " was already gone");
        }
    }

    /** The names of the schedules in a group. */
    List<String> scheduleNames(String group) {
        return scheduler().listSchedulesPaginator(r -> r.groupName(group)).schedules().stream().map(ScheduleSummary::name).toList();
    }

    Found findSchedule(String group, String name) {
        GetScheduleResponse schedule;
        try {
            schedule = scheduler().getSchedule(r -> r.groupName(group).name(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        return new Found(new Definition(schedule.name(), schedule.scheduleExpression(), schedule.scheduleExpressionTimezone(),
                schedule.target().arn(), schedule.target().input(), schedule.target().roleArn(), schedule.description()),
                schedule.state() == ScheduleState.ENABLED);
    }

    /** Exactly at its times (no flexible window), enabled. */
    void createSchedule(String group, Definition schedule) {
        scheduler().createSchedule(r -> r.groupName(group).name(schedule.name()).scheduleExpression(schedule.expression())
                .scheduleExpressionTimezone(schedule.timezone()).description(schedule.description()).state(ScheduleState.ENABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(schedule.target()).roleArn(schedule.roleArn()).input(schedule.input())));
        labs.console().detail("  created schedule " + schedule.name());
    }

    /** UpdateSchedule replaces the whole schedule (unset fields go back to their defaults), so it gets every field again. */
    void updateSchedule(String group, Definition schedule) {
        scheduler().updateSchedule(r -> r.groupName(group).name(schedule.name()).scheduleExpression(schedule.expression())
                .scheduleExpressionTimezone(schedule.timezone()).description(schedule.description()).state(ScheduleState.ENABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(schedule.target()).roleArn(schedule.roleArn()).input(schedule.input())));
        labs.console().detail("  updated schedule " + schedule.name());
    }

    /** DeleteSchedule; false when there was none (ResourceNotFoundException). */
    boolean deleteSchedule(String group, String name) {
        try {
            scheduler().deleteSchedule(r -> r.groupName(group).name(name));
            return true;
        } catch (ResourceNotFoundException gone) {
            labs.console().detail("  schedule " + name + " was already gone");
            return false;
        }
    }

    private List<Tag> tags() {
        return labs.names().tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }
}
