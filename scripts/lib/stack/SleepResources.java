import java.util.ArrayList;
import java.util.List;

/**
 * What sleep leaves behind in the account: the daily schedule that keeps the database stopped and
 * the role it runs as. sleep makes the role here (IAM belongs to this folder); wake deletes the
 * schedule and keeps the role for the next sleep; teardown deletes both.
 */
final class SleepResources {
    private final Names names;
    private final Iam iam;
    private final Scheduler scheduler;

    SleepResources(LabsOptions labs, Iam iam) {
        this.names = labs.names();
        this.iam = iam;
        this.scheduler = new Scheduler(labs);
    }

    /**
     * The scheduler role's ARN, the role made when missing; its one permission is written every
     * time, so that a role left half-made by an interrupted run gets it.
     */
    String schedulerRole(String databaseArn) {
        Observed.Role role = iam.findRole(names.sleepRole());
        String arn = role != null ? role.arn() : iam.createRole(names.sleepRole(), StopSchedule.trust(databaseArn),
                "labs " + names.prefix() + ": EventBridge Scheduler stops " + names.dbInstance() + " while the environment sleeps");
        iam.putPolicy(names.sleepRole(), names.sleepPolicy(), StopSchedule.permissions(databaseArn));
        return arn;
    }

    /** Pure but for two reads: the schedule goes; the role goes when tagged for this prefix. */
    List<Step> teardown() {
        List<Step> steps = new ArrayList<>();
        if (scheduler.findSchedule(Scheduler.DEFAULT_GROUP, names.databaseStopSchedule()) != null) {
            steps.add(new Step(Kind.SLEEP_SCHEDULE, names.databaseStopSchedule(), Action.DELETE, List.of()));
        }
        Observed.Role role = iam.findRole(names.sleepRole());
        if (role != null) {
            boolean managed = names.prefix().equals(role.prefixTag());
            steps.add(new Step(Kind.SLEEP_ROLE, names.sleepRole(), managed ? Action.DELETE : Action.KEEP,
                    managed ? List.of() : List.of("not tagged by labs for this prefix")));
        }
        return steps;
    }

    void delete(Kind kind) {
        switch (kind) {
            case SLEEP_SCHEDULE -> scheduler.deleteSchedule(Scheduler.DEFAULT_GROUP, names.databaseStopSchedule());
            case SLEEP_ROLE -> iam.deleteRole(names.sleepRole());
            default -> throw new IllegalArgumentException(kind + " is not sleep's");
        }
    }
}
