import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;

class MigrateTest {
    private final DefaultStack stack = DefaultStack.running();

    private Task oneOffTask() {
        return stack.ecs.tasks.values().stream().filter(t -> "labs-one-off".equals(t.startedBy())).findFirst().orElseThrow();
    }

    @Test
    void runsTheMigrationFromWebsLiveRevisionInItsNetworkAndPrintsTheLog() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, "Operations to perform:", "  Apply all migrations: users", "No migrations to apply."));

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("Operations to perform:\n  Apply all migrations: users\nNo migrations to apply.\n", result.out());
        RunTaskRequest run = stack.ecs.runs.get(0);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:1"), run.taskDefinition());
        assertEquals("web", run.overrides().containerOverrides().get(0).name());
        assertEquals(List.of("/migrate"), run.overrides().containerOverrides().get(0).command());
        assertEquals(List.of("subnet-1", "subnet-2"), run.networkConfiguration().awsvpcConfiguration().subnets());
        assertEquals(List.of("sg-labs"), run.networkConfiguration().awsvpcConfiguration().securityGroups());
        assertEquals(AssignPublicIp.ENABLED, run.networkConfiguration().awsvpcConfiguration().assignPublicIp());
        assertEquals("FARGATE", run.launchTypeAsString());
        assertEquals("LATEST", run.platformVersion());
        for (String state : List.of("PROVISIONING", "PENDING", "RUNNING", "STOPPED")) {
            assertTrue(result.err().contains(": " + state + " ("), state + " in " + result);
        }
        result.assertErrContains("exited with code 0");
    }

    @Test
    void theMigrationOfAServiceOnFargateSpotRunsOnDemand() {
        stack.onSpot();

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(0, result.exitCode(), result::toString);
        RunTaskRequest run = stack.ecs.runs.get(0);
        assertEquals("FARGATE", run.launchTypeAsString(), "Spot could interrupt a migration halfway");
        assertTrue(run.capacityProviderStrategy().isEmpty(), run::toString);
        assertEquals(List.of("subnet-1", "subnet-2"), run.networkConfiguration().awsvpcConfiguration().subnets());
    }

    @Test
    void exitsWithTheContainersOwnExitCode() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(3, "django.db.utils.OperationalError: could not connect"));

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(3, result.exitCode(), result::toString);
        assertEquals("django.db.utils.OperationalError: could not connect\n", result.out());
        result.assertErrContains("container web: exit code 3",
                "error: Task " + Ecs.taskId(oneOffTask().taskArn()) + " exited with code 3");
    }

    @Test
    void aTaskThatFailsToStartGoesFromPendingToStoppedAndExitsOneWithItsStoppedReason() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.failsToStart("ResourceInitializationError: unable to pull secrets or registry auth"));

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(1, result.exitCode(), result::toString);
        assertFalse(result.err().contains(": RUNNING ("), result::toString);
        result.assertErrContains("did not run: ResourceInitializationError: unable to pull secrets or registry auth (TaskFailedToStart)");
    }

    @Test
    void commandOptionRunsAnyOneOffCommandSplitLikeAShell() {
        Cli.Result result = stack.cli().run(new Migrate(), "--command", "python manage.py shell -c 'print(1 + 1)'");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("python", "manage.py", "shell", "-c", "print(1 + 1)"),
                stack.ecs.runs.get(0).overrides().containerOverrides().get(0).command());
    }

    @Test
    void theMigrateCommandSettingIsUsedForUpstreamCommCareConnect() {
        Cli.Result result = stack.cli().env("LABS_MIGRATE_COMMAND", "python manage.py migrate_multi --noinput").run(new Migrate());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("python", "manage.py", "migrate_multi", "--noinput"),
                stack.ecs.runs.get(0).overrides().containerOverrides().get(0).command());
    }

    @Test
    void anUnbalancedQuoteIsAUsageError() {
        Cli.Result result = stack.cli().run(new Migrate(), "--command", "echo 'oops");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("Unbalanced quote in the command: echo 'oops");
        assertTrue(stack.ecs.runs.isEmpty());
    }

    @Test
    void aGivenRevisionIsRun() {
        stack.ecs.registerTaskDefinition(DefaultStack.definition("web", "/start", DefaultStack.NEW_IMAGE));
        Cli.Result result = stack.cli().run(new Migrate(), "--task-definition", "labs-jj-web:2");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), stack.ecs.runs.get(0).taskDefinition());
    }

    @Test
    void anUnknownRevisionIsOneClearLine() {
        Cli.Result result = stack.cli().run(new Migrate(), "--task-definition", "labs-jj-web:9");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        result.assertErrContains("ECS cannot describe the task definition labs-jj-web:9");
    }

    @Test
    void aMigrationLongerThanTheSdkWaitersTenMinutesIsWaitedFor() {
        String[] lines = IntStream.rangeClosed(1, 400).mapToObj(i -> "Applying migration " + i).toArray(String[]::new);
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, lines));

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(stack.ticker.slept().compareTo(Duration.ofMinutes(13)) > 0, stack.ticker.slept()::toString);
        assertEquals(400, result.out().lines().count());
    }

    @Test
    void givesUpAtTheTimeoutAndSaysTheTaskKeepsRunning() {
        String[] lines = IntStream.rangeClosed(1, 400).mapToObj(i -> "Applying migration " + i).toArray(String[]::new);
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, lines));

        Cli.Result result = stack.cli().run(new Migrate(), "--timeout", "1m");

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Gave up after 1m00s (--timeout): task " + Ecs.taskId(oneOffTask().taskArn())
                + " is RUNNING and keeps running"), result::toString);
        result.assertErrContains("aws ecs stop-task --cluster labs-jj-cluster --task");
        assertFalse(stack.ecs.calls.contains("StopTask"));
    }

    @Test
    void ctrlCOnATerminalAsksAndStopsTheTaskWhenTold() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, "one", "two", "three", "four", "five", "six"));
        stack.ticker.interruptAtSleep(4);

        Cli.Result result = stack.cli().terminal("y\n").run(new Migrate());

        result.assertErrContains("Stop task " + Ecs.taskId(oneOffTask().taskArn()) + " too? [y/N]");
        assertTrue(stack.ecs.calls.contains("StopTask"));
        assertEquals("STOPPED", oneOffTask().lastStatus());
        assertEquals("UserInitiated", oneOffTask().stopCodeAsString());
        assertEquals(143, result.exitCode(), result::toString);
    }

    @Test
    void ctrlCOnATerminalAnsweredNoLeavesTheTaskRunning() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, "one", "two", "three", "four", "five", "six"));
        stack.ticker.interruptAtSleep(4);

        Cli.Result result = stack.cli().terminal("\n").run(new Migrate());

        assertEquals(LabsException.INTERRUPTED, result.exitCode(), result::toString);
        assertFalse(stack.ecs.calls.contains("StopTask"));
        result.assertErrContains("keeps running without labs watching it");
    }

    @Test
    void ctrlCWithoutATerminalLeavesTheMigrationToFinishAndSaysHowToStopIt() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, "one", "two", "three", "four", "five", "six"));
        stack.ticker.interruptAtSleep(4);

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(LabsException.INTERRUPTED, result.exitCode(), result::toString);
        assertFalse(result.err().contains("[y/N]"), result::toString);
        assertFalse(stack.ecs.calls.contains("StopTask"));
        result.assertErrContains("jbang logs@labs --task " + Ecs.taskId(oneOffTask().taskArn()) + " --follow");
    }

    @Test
    void aTaskEcsNoLongerKnowsIsReportedAfterAGracePeriod() {
        stack.ticker.onSleep(() -> stack.ecs.tasks.values().removeIf(t -> "labs-one-off".equals(t.startedBy())));

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("(DescribeTasks: MISSING)");
        assertTrue(stack.ticker.slept().compareTo(OneOffTask.MISSING_GRACE) >= 0);
    }

    @Test
    void capacityFailuresOfRunTaskAreReported() {
        stack.ecs.runTaskFailure = "Capacity is unavailable at this time. Please try again later or in a different availability zone";

        Cli.Result result = stack.cli().run(new Migrate());

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("ECS could not start the task: [Capacity is unavailable at this time.");
    }
}
