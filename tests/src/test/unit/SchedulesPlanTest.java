import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schedules' steps of provision and teardown, from what was seen, without AWS. */
class SchedulesPlanTest {
    private final Names names = new Names("labs-jj", "commcare-connect", "github-actions-labs-deploy");
    private final Policies.Arns arns = Policies.Arns.of(names, "eu-west-1", "123456789012");
    private final Scheduler.Group ourGroup = new Scheduler.Group("labs-jj", "arn:aws:scheduler:eu-west-1:123456789012:schedule-group/labs-jj",
            "ACTIVE", true);

    private Observed.Role role(String prefixTag) {
        return new Observed.Role("labs-jj-scheduler-role", "arn:aws:iam::123456789012:role/labs-jj-scheduler-role", "{}", Set.of(),
                Map.of(), prefixTag);
    }

    private static List<String> lines(List<Step> steps) {
        return steps.stream().map(s -> s.kind() + " " + s.action().word + " " + s.name()).toList();
    }

    @Test
    void aRoleBuiltByHandIsReportedNotChangedAndTeardownKeepsItAndAnUntaggedGroup() {
        OfficeHours hours = new OfficeHours(AwsCron.parse("cron(0 8 ? * MON-FRI *)"), AwsCron.parse("cron(0 18 ? * MON-FRI *)"),
                java.time.ZoneId.of("UTC"));
        Schedules.Wanted wanted = Schedules.Wanted.of(names, hours, arns, Map.of(AppService.WEB, 1, AppService.WORKER, 1));
        Scheduler.Group byHand = new Scheduler.Group("labs-jj", ourGroup.arn(), "ACTIVE", false);
        Schedules.Seen seen = new Schedules.Seen(byHand, Map.of(), List.of(), role(null));
        Plan plan = Schedules.plan(names, seen, wanted);
        assertEquals("SCHEDULER_ROLE differs labs-jj-scheduler-role", lines(plan.steps()).get(0));
        assertEquals("SCHEDULE_GROUP exists labs-jj", lines(plan.steps()).get(1));
        assertEquals(List.of("SCHEDULE_GROUP keep labs-jj", "SCHEDULER_ROLE keep labs-jj-scheduler-role"),
                lines(Schedules.teardown(names, seen)));
    }

    @Test
    void teardownTakesTheGroupWithOtherSchedulesInItAndSaysSo() {
        Schedules.Seen seen = new Schedules.Seen(ourGroup, Map.of("labs-jj-web-wake", new Scheduler.Found(null, true)),
                List.of("labs-jj-keep-asleep"), role("labs-jj"));
        List<Step> steps = Schedules.teardown(names, seen);
        assertEquals(List.of("SCHEDULE delete labs-jj-web-wake", "SCHEDULE_GROUP delete labs-jj", "SCHEDULER_ROLE delete labs-jj-scheduler-role"),
                lines(steps));
        assertEquals(List.of("with labs-jj-keep-asleep"), steps.get(1).notes());
    }

    @Test
    void nothingSeenAndNothingWantedIsNoStep() {
        assertEquals(List.of(), Schedules.plan(names, new Schedules.Seen(null, Map.of(), List.of(), null), null).steps());
    }
}
