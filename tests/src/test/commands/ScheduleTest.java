import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/** provision and teardown with office-hours schedules (labs.schedule.*), against the fakes. */
class ScheduleTest {
    private static final String WAKE = "cron(0 8 ? * MON-FRI *)";
    private static final String SLEEP = "cron(0 18 ? * MON-FRI *)";
    private static final String GROUP = "labs-jj";
    private static final String ROLE = "labs-jj-scheduler-role";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;
    private static final String WEB = "arn:aws:ecs:eu-west-1:123456789012:service/labs-jj-cluster/labs-jj-web";
    private static final String WORKER = "arn:aws:ecs:eu-west-1:123456789012:service/labs-jj-cluster/labs-jj-worker";
    private static final String DATABASE = "arn:aws:rds:eu-west-1:123456789012:db:labs-jj-postgres";

    private final FakeAccount account = new FakeAccount();

    private static Cli scheduled(Cli cli, String wake, String sleep, String zone) {
        return cli.env("LABS_SCHEDULE_WAKE", wake).env("LABS_SCHEDULE_SLEEP", sleep).env("LABS_SCHEDULE_TIMEZONE", zone);
    }

    private Cli.Result provision(String... args) {
        return scheduled(account.cli(), WAKE, SLEEP, "Europe/London").run(new Provision(), args);
    }

    private GetScheduleResponse schedule(String job) {
        return account.scheduler.schedule(GROUP, "labs-jj-" + job);
    }

    @Test
    void thePlanShowsTheRoleTheGroupAndSixSchedules() {
        Cli.Result result = provision("--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains(
                "create   IAM role           labs-jj-scheduler-role: trusts EventBridge Scheduler for the group labs-jj;"
                        + " ecs:UpdateService on labs-jj-web and labs-jj-worker, rds:StartDBInstance and rds:StopDBInstance on labs-jj-postgres",
                "create   schedule group     labs-jj: holds the office-hours schedules",
                "create   schedule           labs-jj-db-start: cron(45 7 ? * MON-FRI *) Europe/London: start labs-jj-postgres,"
                        + " 15 minutes before the services wake",
                "create   schedule           labs-jj-web-wake: cron(0 8 ? * MON-FRI *) Europe/London: labs-jj-web to 1 tasks",
                "create   schedule           labs-jj-worker-wake: cron(0 8 ? * MON-FRI *) Europe/London: labs-jj-worker to 1 tasks",
                "create   schedule           labs-jj-web-sleep: cron(0 18 ? * MON-FRI *) Europe/London: labs-jj-web to 0 tasks",
                "create   schedule           labs-jj-worker-sleep: cron(0 18 ? * MON-FRI *) Europe/London: labs-jj-worker to 0 tasks",
                "create   schedule           labs-jj-db-stop: cron(5 18 ? * MON-FRI *) Europe/London: stop labs-jj-postgres,"
                        + " 5 minutes after the services sleep");
        assertEquals(List.of(), account.changes());
        assertFalse(account.scheduler.groups.containsKey("labs-jj"));
    }

    @Test
    void withoutTheSettingsNothingIsScheduled() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.out().contains("schedule"), result::toString);
        assertFalse(account.scheduler.groups.containsKey("labs-jj"));
        assertFalse(account.iam.roles.containsKey(ROLE));
    }

    @Test
    void theSchedulesCallTheServicesAndTheDatabaseWithTheirInputsAsTheSchedulerRole() {
        Cli.Result result = scheduled(account.cli(), WAKE, SLEEP, "Europe/London").env("LABS_WEB_DESIRED_COUNT", "2")
                .run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> targets = Map.of(
                "db-start", "arn:aws:scheduler:::aws-sdk:rds:startDBInstance {\"DbInstanceIdentifier\":\"labs-jj-postgres\"}",
                "web-wake", "arn:aws:scheduler:::aws-sdk:ecs:updateService"
                        + " {\"Cluster\":\"labs-jj-cluster\",\"Service\":\"labs-jj-web\",\"DesiredCount\":2}",
                "worker-wake", "arn:aws:scheduler:::aws-sdk:ecs:updateService"
                        + " {\"Cluster\":\"labs-jj-cluster\",\"Service\":\"labs-jj-worker\",\"DesiredCount\":1}",
                "web-sleep", "arn:aws:scheduler:::aws-sdk:ecs:updateService"
                        + " {\"Cluster\":\"labs-jj-cluster\",\"Service\":\"labs-jj-web\",\"DesiredCount\":0}",
                "worker-sleep", "arn:aws:scheduler:::aws-sdk:ecs:updateService"
                        + " {\"Cluster\":\"labs-jj-cluster\",\"Service\":\"labs-jj-worker\",\"DesiredCount\":0}",
                "db-stop", "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance {\"DbInstanceIdentifier\":\"labs-jj-postgres\"}");
        assertEquals(6, account.scheduler.schedules.get(GROUP).size());
        targets.forEach((job, target) -> {
            GetScheduleResponse schedule = schedule(job);
            assertEquals(target, schedule.target().arn() + " " + schedule.target().input(), job);
            assertEquals(ROLE_ARN, schedule.target().roleArn(), job);
            assertEquals("Europe/London", schedule.scheduleExpressionTimezone(), job);
            assertEquals(FlexibleTimeWindowMode.OFF, schedule.flexibleTimeWindow().mode(), job);
            assertEquals(ScheduleState.ENABLED, schedule.state(), job);
        });
        assertEquals("cron(45 7 ? * MON-FRI *)", schedule("db-start").scheduleExpression());
        assertEquals(WAKE, schedule("web-wake").scheduleExpression());
        assertEquals(SLEEP, schedule("worker-sleep").scheduleExpression());
        assertEquals("cron(5 18 ? * MON-FRI *)", schedule("db-stop").scheduleExpression());
        assertEquals(List.of("schedule-group labs-jj [labs:prefix=labs-jj, managed-by=labs]"),
                account.scheduler.fingerprint().stream().filter(l -> l.startsWith("schedule-group")).toList());
    }

    @Test
    void theDatabaseStartsFifteenMinutesBeforeAWakeAtFivePastMidnightOnMonday() {
        Cli.Result result = scheduled(account.cli(), "cron(5 0 ? * MON *)", "cron(0 20 ? * FRI *)", "UTC").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("cron(50 23 ? * SUN *)", schedule("db-start").scheduleExpression());
        assertEquals("cron(5 0 ? * MON *)", schedule("web-wake").scheduleExpression());
    }

    @Test
    void theRoleTrustsOnlySchedulerForTheGroupAndMayMakeExactlyTheScheduledCalls() {
        assertEquals(0, provision().exitCode());
        assertEquals(Map.of("labs-jj-scheduler",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ScaleTheServices\",\"Effect\":\"Allow\",\"Action\":[\"ecs:UpdateService\"],"
                        + "\"Resource\":[\"" + WEB + "\",\"" + WORKER + "\"]},{\"Sid\":\"StartAndStopTheDatabase\",\"Effect\":\"Allow\","
                        + "\"Action\":[\"rds:StartDBInstance\",\"rds:StopDBInstance\"],\"Resource\":[\"" + DATABASE + "\"]}]}"),
                account.iam.inline.get(ROLE));
        assertEquals(java.util.Set.of(), account.iam.attached.get(ROLE));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"scheduler.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\","
                + "\"aws:SourceArn\":\"arn:aws:scheduler:eu-west-1:123456789012:schedule-group/labs-jj\"}}}]}", account.iam.trust(ROLE));

        IamPolicy permissions = IamPolicy.of(account.iam.inline.get(ROLE).get("labs-jj-scheduler"));
        for (String service : List.of(WEB, WORKER)) assertTrue(permissions.allows(request("ecs:UpdateService", service)));
        for (String action : List.of("rds:StartDBInstance", "rds:StopDBInstance")) assertTrue(permissions.allows(request(action, DATABASE)));
        assertFalse(permissions.allows(request("ecs:UpdateService", WEB.replace("labs-jj", "labs-demo"))));
        assertFalse(permissions.allows(request("rds:StopDBInstance", DATABASE.replace("labs-jj", "labs-demo"))));
        assertFalse(permissions.allows(request("rds:DeleteDBInstance", DATABASE)));
        assertFalse(permissions.allows(request("ecs:DeleteService", WEB)));
        assertFalse(permissions.allows(request("ecs:UpdateService", "*")));

        IamPolicy trust = IamPolicy.of(account.iam.trust(ROLE));
        IamPolicy.Principal scheduler = new IamPolicy.Principal("Service", "scheduler.amazonaws.com");
        Map<String, List<String>> ours = Map.of("aws:SourceAccount", List.of("123456789012"),
                "aws:SourceArn", List.of("arn:aws:scheduler:eu-west-1:123456789012:schedule-group/labs-jj"));
        assertTrue(trust.allows(new IamPolicy.Request("sts:AssumeRole", ROLE_ARN, ours, scheduler)));
        assertFalse(trust.allows(new IamPolicy.Request("sts:AssumeRole", ROLE_ARN, Map.of("aws:SourceAccount", List.of("123456789012"),
                "aws:SourceArn", List.of("arn:aws:scheduler:eu-west-1:123456789012:schedule-group/default")), scheduler)));
        assertFalse(trust.allows(new IamPolicy.Request("sts:AssumeRole", ROLE_ARN, ours,
                new IamPolicy.Principal("Service", "events.amazonaws.com"))));
    }

    private static IamPolicy.Request request(String action, String resource) {
        return new IamPolicy.Request(action, resource, Map.of());
    }

    @Test
    void aSecondRunChangesNothing() {
        assertEquals(0, provision().exitCode());
        account.faults.calls.clear();
        Cli.Result again = provision();
        assertEquals(0, again.exitCode(), again::toString);
        again.assertOutContains("exists   schedule           labs-jj-db-start", "exists   IAM role           labs-jj-scheduler-role",
                "exists   schedule group     labs-jj");
        assertEquals(List.of(), account.changes());
    }

    @Test
    void aChangedExpressionOrTimeZoneOrADisabledScheduleIsUpdated() {
        assertEquals(0, provision().exitCode());
        String disabled = "labs-jj-worker-sleep";
        account.scheduler.schedules.get(GROUP).put(disabled, schedule("worker-sleep").toBuilder().state(ScheduleState.DISABLED).build());
        account.faults.calls.clear();
        Cli.Result result = scheduled(account.cli(), "cron(30 7 ? * MON-FRI *)", SLEEP, "Europe/Paris").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("update   schedule           labs-jj-db-start: cron(15 7 ? * MON-FRI *) (now cron(45 7 ? * MON-FRI *));"
                        + " time zone Europe/Paris (now Europe/London)",
                "update   schedule           labs-jj-web-wake: cron(30 7 ? * MON-FRI *) (now cron(0 8 ? * MON-FRI *)); time zone Europe/Paris",
                "update   schedule           labs-jj-worker-sleep: time zone Europe/Paris (now Europe/London); enable it");
        assertEquals(6, account.changes().stream().filter("scheduler:UpdateSchedule"::equals).count(), account.changes()::toString);
        assertEquals(List.of(), account.changes().stream().filter(c -> !c.equals("scheduler:UpdateSchedule")).toList());
        assertEquals("cron(30 7 ? * MON-FRI *)", schedule("worker-wake").scheduleExpression());
        assertEquals("Europe/Paris", schedule("db-stop").scheduleExpressionTimezone());
        assertEquals(ScheduleState.ENABLED, schedule("worker-sleep").state());
        assertEquals(FlexibleTimeWindowMode.OFF, schedule("worker-sleep").flexibleTimeWindow().mode(), "UpdateSchedule got every field");
    }

    @Test
    void aChangedDesiredCountMovesTheWakeInput() {
        assertEquals(0, provision().exitCode());
        Cli.Result result = scheduled(account.cli(), WAKE, SLEEP, "Europe/London").env("LABS_WORKER_DESIRED_COUNT", "3").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("update   schedule           labs-jj-worker-wake: labs-jj-worker to 3 tasks (now updateService"
                + " {\"Cluster\":\"labs-jj-cluster\",\"Service\":\"labs-jj-worker\",\"DesiredCount\":1})");
        assertTrue(schedule("worker-wake").target().input().contains("\"DesiredCount\":3"));
    }

    @Test
    void removingTheSettingsDeletesTheSchedulesTheGroupAndTheRole() {
        assertEquals(0, provision().exitCode());
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("delete   schedule           labs-jj-db-start: labs.schedule.wake and labs.schedule.sleep are not set",
                "delete   schedule group     labs-jj", "delete   IAM role           labs-jj-scheduler-role");
        assertFalse(account.scheduler.groups.containsKey("labs-jj"));
        assertFalse(account.iam.roles.containsKey(ROLE));
        Cli.Result again = account.provision();
        assertFalse(again.out().contains("schedule"), again::toString);
    }

    @Test
    void aGroupHoldingOtherSchedulesStaysWhenTheSettingsGo() {
        assertEquals(0, provision().exitCode());
        account.scheduler.schedules.get(GROUP).put("labs-jj-keep-asleep", schedule("db-stop").toBuilder().name("labs-jj-keep-asleep").build());
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("keep     schedule group     labs-jj: holds other schedules: labs-jj-keep-asleep");
        assertEquals(List.of("labs-jj-keep-asleep"), List.copyOf(account.scheduler.schedules.get(GROUP).keySet()));
    }

    @Test
    void teardownDeletesTheSchedulesFirstThenTheGroupAndTheRole() {
        assertEquals(0, provision().exitCode());
        int before = account.faults.calls.size();
        Cli.Result result = account.teardown("", "--yes", "--skip-final-snapshot");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("delete   schedule           labs-jj-web-wake", "delete   schedule group     labs-jj",
                "delete   IAM role           labs-jj-scheduler-role");
        assertFalse(account.scheduler.groups.containsKey("labs-jj"));
        assertFalse(account.iam.roles.containsKey(ROLE));
        List<String> calls = account.faults.calls.subList(before, account.faults.calls.size());
        assertTrue(calls.indexOf("scheduler:DeleteSchedule") < calls.indexOf("ecs:DeleteService"), calls::toString);
    }

    @Test
    void aRoleIamHasNotSpreadYetIsWaitedFor() {
        account.scheduler.roleNotReadyFor = 3;
        Cli.Result result = provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(6, account.scheduler.schedules.get(GROUP).size());
    }

    @Test
    void theGroupOfATeardownStillDeletingStopsProvisionBeforeAnyChange() {
        assertEquals(0, provision().exitCode());
        account.scheduler.groups.put(GROUP, account.scheduler.groups.get(GROUP).toBuilder().state("DELETING").build());
        account.faults.calls.clear();
        Cli.Result result = provision();
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("The schedule group labs-jj is being deleted (did a teardown run?)");
        assertEquals(List.of(), account.changes());
    }

    @Test
    void badSettingsStopProvisionWithOneLineBeforeAnyAwsCall() {
        Cli.Result result = scheduled(account.cli(), "cron(0 8 * * MON-FRI)", SLEEP, "UTC").run(new Provision());
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().filter(l -> l.startsWith("error: ")).count(), result::toString);
        result.assertErrContains("labs.schedule.wake must be an EventBridge Scheduler cron expression with 6 fields");
        assertEquals(List.of(), account.faults.calls);
        Cli.Result onlyOne = account.cli().env("LABS_SCHEDULE_SLEEP", SLEEP).run(new Provision());
        assertEquals(2, onlyOne.exitCode(), onlyOne::toString);
        onlyOne.assertErrContains("labs.schedule.sleep is set (from LABS_SCHEDULE_SLEEP) but labs.schedule.wake is not");
    }

    /** From a stack provisioned without schedules, adding them fails at each call; the next run finishes. */
    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"REJECTED", "ERROR_AFTER"})
    void aFailureAtEachCallOfAddingTheSchedulesIsFinishedByTheNextRun(Faults.Mode mode) {
        FakeAccount reference = new FakeAccount();
        assertEquals(0, reference.provision().exitCode());
        int start = reference.faults.calls.size();
        assertEquals(0, scheduled(reference.cli(), WAKE, SLEEP, "Europe/London").run(new Provision()).exitCode());
        List<String> expected = reference.fingerprint();
        List<String> steps = List.copyOf(reference.faults.calls.subList(start, reference.faults.calls.size()));
        assertTrue(steps.stream().filter(s -> s.startsWith("scheduler:Create")).count() == 7, steps::toString);
        for (int step = 0; step < steps.size(); step++) {
            FakeAccount broken = new FakeAccount();
            assertEquals(0, broken.provision().exitCode());
            broken.faults.failAt(broken.faults.calls.size() + step, mode);
            String where = mode + " at " + steps.get(step) + " (step " + step + ")";
            Cli.Result failed = scheduled(broken.cli(), WAKE, SLEEP, "Europe/London").run(new Provision());
            if (failed.exitCode() != 0) {
                assertEquals(1, failed.exitCode(), () -> where + "\n" + failed);
                assertFalse(failed.err().contains("\tat "), () -> where + ": stack trace\n" + failed);
            }
            Cli.Result rerun = scheduled(broken.cli(), WAKE, SLEEP, "Europe/London").run(new Provision());
            assertEquals(0, rerun.exitCode(), () -> where + ", re-run:\n" + rerun);
            assertEquals(expected, broken.fingerprint(), where);
        }
    }

    /** Removing the settings, and teardown, each fail at every call of theirs; the next run finishes. */
    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"REJECTED", "ERROR_AFTER"})
    void aFailureAtEachCallOfRemovingTheSchedulesIsFinishedByTheNextRun(Faults.Mode mode) {
        FakeAccount reference = new FakeAccount();
        assertEquals(0, scheduled(reference.cli(), WAKE, SLEEP, "UTC").run(new Provision()).exitCode());
        int start = reference.faults.calls.size();
        assertEquals(0, reference.provision().exitCode());
        List<String> expected = reference.fingerprint();
        List<String> steps = List.copyOf(reference.faults.calls.subList(start, reference.faults.calls.size()));
        for (int step = 0; step < steps.size(); step++) {
            FakeAccount broken = new FakeAccount();
            assertEquals(0, scheduled(broken.cli(), WAKE, SLEEP, "UTC").run(new Provision()).exitCode());
            broken.faults.failAt(broken.faults.calls.size() + step, mode);
            String where = mode + " at " + steps.get(step) + " (step " + step + ")";
            Cli.Result failed = broken.provision();
            assertFalse(failed.err().contains("\tat "), () -> where + ": stack trace\n" + failed);
            Cli.Result rerun = broken.provision();
            assertEquals(0, rerun.exitCode(), () -> where + ", re-run:\n" + rerun);
            assertEquals(expected, broken.fingerprint(), where);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"REJECTED", "ERROR_AFTER"})
    void aFailureAtEachSchedulerCallOfTeardownIsFinishedByTheNextRun(Faults.Mode mode) {
        FakeAccount reference = new FakeAccount();
        assertEquals(0, scheduled(reference.cli(), WAKE, SLEEP, "UTC").run(new Provision()).exitCode());
        int start = reference.faults.calls.size();
        assertEquals(0, reference.teardown("", "--yes", "--skip-final-snapshot", "--now").exitCode());
        List<String> expected = reference.fingerprint();
        List<String> steps = List.copyOf(reference.faults.calls.subList(start, reference.faults.calls.size()));
        int last = steps.lastIndexOf("scheduler:DeleteScheduleGroup") + 8;
        for (int step = 0; step <= last; step++) {
            FakeAccount broken = new FakeAccount();
            assertEquals(0, scheduled(broken.cli(), WAKE, SLEEP, "UTC").run(new Provision()).exitCode());
            broken.faults.failAt(broken.faults.calls.size() + step, mode);
            String where = mode + " at " + steps.get(step) + " (step " + step + ")";
            Cli.Result failed = broken.teardown("", "--yes", "--skip-final-snapshot", "--now");
            assertFalse(failed.err().contains("\tat "), () -> where + ": stack trace\n" + failed);
            Cli.Result rerun = broken.teardown("", "--yes", "--skip-final-snapshot", "--now");
            assertEquals(0, rerun.exitCode(), () -> where + ", re-run:\n" + rerun);
            assertEquals(expected, broken.fingerprint(), where);
            assertNull(broken.scheduler.groups.get(GROUP), where);
        }
    }
}
