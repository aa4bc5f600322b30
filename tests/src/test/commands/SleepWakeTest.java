import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SleepWakeTest {
    private final SleepingStack stack = new SleepingStack();

    @AfterEach
    void stopWeb() {
        if (stack.webServer != null) stack.webServer.close();
    }

    @Test
    void sleepThenWakeThenSleepAgain() {
        stack.serveWeb();
        Cli.Result sleep = stack.sleep();
        assertEquals(0, sleep.exitCode(), sleep::toString);
        stack.assertAsleep(1, 1);
        sleep.assertOutContains("labs-jj is asleep since 2026-", "labs-jj-web 0 tasks (wakes to 1)", "RDS labs-jj-postgres stopped",
                "Redis labs-jj-redis keeps running (billed)");
        sleep.assertErrContains("ElastiCache labs-jj-redis (cache.t3.micro): keeps running", "Waiting until labs-jj-web and");

        Cli.Result wake = stack.wake();
        assertEquals(0, wake.exitCode(), wake::toString);
        stack.assertAwake(1, 1);
        assertEquals(stack.webUrl() + "\n", wake.out());
        wake.assertErrContains("labs-jj-web runs labs-jj-web:1");
        assertTrue(stack.iam.roles.containsKey(SleepingStack.ROLE), "wake keeps the role for the next sleep");

        Cli.Result again = stack.sleep();
        assertEquals(0, again.exitCode(), again::toString);
        stack.assertAsleep(1, 1);
    }

    @Test
    void sleepingASleepingEnvironmentChangesNothing() {
        assertEquals(0, stack.sleep().exitCode());
        int changes = stack.changes().size();
        Cli.Result again = stack.sleep();
        assertEquals(0, again.exitCode(), again::toString);
        again.assertErrContains("labs-jj is asleep already (since 2026-");
        assertEquals(List.of(), stack.changes().subList(changes, stack.changes().size()));
    }

    @Test
    void rotatingTheDatabasePasswordOfASleepingEnvironmentIsRefusedAndChangesNothing() {
        assertEquals(0, stack.sleep().exitCode());
        int changes = stack.changes().size();
        Cli.Result rotate = stack.cli().run(new RotateSecret(), "--database-password", "--yes");
        assertEquals(1, rotate.exitCode(), rotate::toString);
        rotate.assertErrContains("labs-jj is asleep since 2026-", ": its database is stopped", "wake it first with `jbang wake@labs`",
                "Nothing changed.");
        assertEquals(List.of(), stack.changes().subList(changes, stack.changes().size()));
    }

    @Test
    void aRollbackOrAConfigChangeWhileAsleepChangesTheRevisionThatWakeStarts() {
        for (String service : List.of("web", "worker")) {
            stack.ecs.registerTaskDefinition(DefaultStack.definition(service, "/start", FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY + ":v2"));
        }
        assertEquals(0, stack.sleep().exitCode());
        Cli.Result rollback = stack.cli().run(new Rollback(), "--to", "2", "--services", "web");
        assertEquals(0, rollback.exitCode(), rollback::toString);
        rollback.assertErrContains("labs-jj-web is asleep: wake starts labs-jj-web:2");
        stack.assertAsleep(1, 1);
        Cli.Result config = stack.cli().run(new ConfigCommand(), "set", "FEATURE_FLAG=on", "--service", "worker");
        assertEquals(0, config.exitCode(), config::toString);
        stack.assertAsleep(1, 1);
        Cli.Result wake = stack.wake();
        assertEquals(0, wake.exitCode(), wake::toString);
        stack.assertAwake(1, 1);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), stack.service("web").taskDefinition());
        wake.assertErrContains("labs-jj-web runs labs-jj-web:2");
        assertTrue(stack.ecs.definition(stack.service("worker").taskDefinition()).containerDefinitions().get(0).environment().stream()
                .anyMatch(v -> v.name().equals("FEATURE_FLAG") && v.value().equals("on")), "the worker wakes with the change");
    }

    @Test
    void wakingAnEnvironmentThatNeverSleptChangesNothing() {
        Cli.Result wake = stack.wake();
        assertEquals(0, wake.exitCode(), wake::toString);
        wake.assertErrContains("labs-jj is not asleep: nothing to do");
        assertEquals(List.of(), stack.changes());
        assertEquals(List.of(), stack.ecs.updates);
    }

    @Test
    void wakeGivesBackTheRememberedCountsOrElseTheConfiguredOnes() {
        stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-web", s -> s.desiredCount(2)
                .deployments(s.build().deployments().get(0).toBuilder().desiredCount(2).build()));
        stack.ecs.task(DefaultStack.CLUSTER, "labs-jj-web", stack.web, "RUNNING", "eni-web2");
        stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-web", s -> s.runningCount(2));
        assertEquals(0, stack.sleep().exitCode());
        stack.assertAsleep(2, 1);
        // a tag without the count (edited by hand): the configured count
        stack.tags("worker").remove(SleepTags.AWAKE_COUNT);
        Cli.Result wake = stack.cli().env("LABS_WORKER_DESIRED_COUNT", "3").run(new Wake());
        assertEquals(0, wake.exitCode(), wake::toString);
        stack.assertAwake(2, 3);
    }

    @Test
    void sleepRefusesWhileADeploymentIsInProgressUnlessForced() {
        stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-web", s -> s.deployments(s.build().deployments().get(0).toBuilder()
                .id("ecs-svc/7").rolloutState("IN_PROGRESS").failedTasks(0).build()));
        Cli.Result refused = stack.sleep();
        assertEquals(1, refused.exitCode(), refused::toString);
        refused.assertErrContains("A deployment of labs-jj-web is in progress (ecs-svc/7)", "--force");
        assertEquals(List.of(), stack.changes());

        Cli.Result forced = stack.sleep("--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(0, stack.service("web").desiredCount());
        assertEquals("stopped", stack.databaseStatus());
    }

    @Test
    void statusShowsSinceWhenTheEnvironmentSleeps() {
        assertEquals(0, stack.sleep().exitCode());
        Cli.Result status = stack.cli().run(new Status());
        assertEquals(0, status.exitCode(), status::toString);
        status.assertOutContains("Asleep    since 2026-", "(jbang wake@labs brings it back; Redis keeps running)",
                "Postgres  labs-jj-postgres  stopped", "running 0 / desired 0");
        assertTrue(stack.cli().run(new Status(), "--json").out().contains("\"asleepSince\":\"2026-"));
        assertEquals(0, stack.wake().exitCode());
        assertFalse(stack.cli().run(new Status()).out().contains("Asleep"));
    }

    @Test
    void statusFindsASleepWhoseScheduleIsGoneAndSleepMakesItAgain() {
        assertEquals(0, stack.sleep().exitCode());
        assertFalse(stack.cli().run(new Status()).out().contains("finding   asleep"));
        stack.scheduler.deleteSchedule(r -> r.name(SleepingStack.SCHEDULE));
        Cli.Result status = stack.cli().run(new Status());
        status.assertOutContains("finding   asleep without its schedule labs-jj-stop-database: RDS starts labs-jj-postgres by itself"
                + " after 7 days and nothing stops it again: jbang sleep@labs makes the schedule again");
        assertTrue(stack.cli().run(new Status(), "--json").out().contains("\"sleepFinding\":\"asleep without its schedule"));
        assertEquals(0, stack.sleep().exitCode());
        stack.assertAsleep(1, 1);
        assertFalse(stack.cli().run(new Status()).out().contains("finding   asleep"));
    }

    @Test
    void deployAndMigrateOnASleepingEnvironmentSayHowToWakeIt() {
        assertEquals(0, stack.sleep().exitCode());
        int changes = stack.changes().size();
        Cli.Result deploy = stack.cli().run(new Deploy(), "--image", "def5678");
        assertEquals(1, deploy.exitCode(), deploy::toString);
        deploy.assertErrContains("labs-jj is asleep since 2026-", "wake it first with `jbang wake@labs`, or run deploy with --wake");
        assertEquals(1, deploy.err().lines().filter(l -> l.contains("asleep")).count(), deploy::toString);
        Cli.Result migrate = stack.cli().run(new Migrate());
        assertEquals(1, migrate.exitCode(), migrate::toString);
        migrate.assertErrContains("or run migrate with --wake");
        assertEquals(changes, stack.changes().size(), "refusing changes nothing");
        assertTrue(stack.ecs.runs.isEmpty());
    }

    @Test
    void deployWakeWakesTheEnvironmentThenDeploys() {
        stack.serveWeb();
        assertEquals(0, stack.sleep().exitCode());
        Cli.Result deploy = stack.cli().run(new Deploy(), "--image", "def5678", "--wake");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        deploy.assertErrContains("labs-jj is asleep since", "waking it first (--wake)", "Registered labs-jj-web:2");
        assertEquals("available", stack.databaseStatus());
        assertEquals(1, stack.service("web").desiredCount());
        assertTrue(stack.service("web").taskDefinition().endsWith("labs-jj-web:2"));
        assertEquals(null, stack.scheduler.schedule(null, SleepingStack.SCHEDULE));
    }

    @Test
    void migrateWakeStartsTheDatabaseBeforeTheTask() {
        assertEquals(0, stack.sleep().exitCode());
        stack.faults.afterNext("rds:StartDBInstance", () -> assertTrue(stack.ecs.runs.isEmpty()));
        Cli.Result migrate = stack.cli().run(new Migrate(), "--wake");
        assertEquals(0, migrate.exitCode(), migrate::toString);
        assertEquals("available", stack.databaseStatus());
        assertEquals(1, stack.ecs.runs.size());
    }

    @Test
    void jsonOutputs() {
        Cli.Result sleep = stack.sleep("--json");
        assertEquals(0, sleep.exitCode(), sleep::toString);
        Output.assertContains(sleep.out(), "\"prefix\":\"labs-jj\",\"asleep\":true,\"since\":\"2026-",
                "\"web\":{\"name\":\"labs-jj-web\",\"desiredCount\":0,\"runningCount\":0,\"awakeCount\":1}",
                "\"database\":{", "\"status\":\"stopped\"", "\"schedule\":{\"name\":\"labs-jj-stop-database\",\"exists\":true}",
                "\"redis\":{\"id\":\"labs-jj-redis\"", "\"keepsRunning\":true");
        Cli.Result wake = stack.wake("--json");
        assertEquals(0, wake.exitCode(), wake::toString);
        Output.assertContains(wake.out(), "\"asleep\":false", "\"desiredCount\":1,\"runningCount\":1,\"awakeCount\":null",
                "\"exists\":false", "\"url\":\"http://");
    }

    @Test
    void dryRunsChangeNothing() {
        Cli.Result sleep = stack.sleep("--dry-run");
        assertEquals(0, sleep.exitCode(), sleep::toString);
        sleep.assertOutContains("labs-jj-web: 1 task -> 0, count 1 remembered in tag labs:awake-count",
                "RDS labs-jj-postgres: available -> stopped", "schedule labs-jj-stop-database: create (rate(1 day)",
                "ElastiCache labs-jj-redis (cache.t3.micro): keeps running");
        assertEquals(List.of(), stack.changes());
        assertEquals(List.of(), stack.ecs.updates);

        assertEquals(0, stack.sleep().exitCode());
        int changes = stack.changes().size();
        Cli.Result wake = stack.wake("--dry-run");
        assertEquals(0, wake.exitCode(), wake::toString);
        wake.assertOutContains("schedule labs-jj-stop-database: delete", "RDS labs-jj-postgres: stopped -> available",
                "labs-jj-web: 0 -> 1 task");
        assertEquals(changes, stack.changes().size());
        stack.assertAsleep(1, 1);
    }

    @Test
    void sleepStopsADatabaseThatRdsStartedAfterSevenDays() {
        assertEquals(0, stack.sleep().exitCode());
        stack.rds.autoStart(SleepingStack.DB);
        Cli.Result again = stack.sleep();
        assertEquals(0, again.exitCode(), again::toString);
        stack.assertAsleep(1, 1);
    }

    @Test
    void sleepWaitsUntilTheSchedulerMayAssumeANewRole() {
        stack.scheduler.roleNotReadyFor = 2;
        Cli.Result sleep = stack.sleep();
        assertEquals(0, sleep.exitCode(), sleep::toString);
        stack.assertAsleep(1, 1);
    }

    @Test
    void wakeOfACrashingAppExplainsAndLeavesItAwake() {
        assertEquals(0, stack.sleep().exitCode());
        stack.ecs.behaviours.put(DefaultStack.OLD_IMAGE, FakeEcs.Behaviour.exits(1, "django.db.utils.OperationalError"));
        Cli.Result wake = stack.wake();
        assertEquals(1, wake.exitCode(), wake::toString);
        wake.assertErrContains("FAILED labs-jj-web", "crash loop");
        assertEquals("available", stack.databaseStatus());
        assertTrue(stack.tags("web").isEmpty(), "awake, so deploy can fix it");
    }

    @Test
    void teardownDeletesTheScheduleAndItsRole() {
        FakeAccount account = new FakeAccount();
        assertEquals(0, account.provision().exitCode());
        Cli.Result sleep = account.cli().run(new Sleep());
        assertEquals(0, sleep.exitCode(), sleep::toString);
        assertTrue(account.fingerprint().stream().anyMatch(line -> line.startsWith("schedule default/labs-jj-stop-database ")
                && line.contains(" arn:aws:scheduler:::aws-sdk:rds:stopDBInstance ")), account.fingerprint()::toString);
        Cli.Result dryRun = account.teardown("", "--dry-run");
        dryRun.assertOutContains("delete   schedule           labs-jj-stop-database", "delete   IAM role           labs-jj-sleep-role");
        Cli.Result teardown = account.teardown("", "--yes", "--skip-final-snapshot");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertFalse(account.fingerprint().stream().anyMatch(line -> line.contains("stop-database") || line.contains("sleep-role")),
                account.fingerprint()::toString);
    }
}
