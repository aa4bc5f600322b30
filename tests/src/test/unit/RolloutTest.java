import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** The engine's decisions as pure functions of AWS responses, and its restart entry point for other commands. */
class RolloutTest {
    private static final String OURS = "ecs-svc/2";
    private static final Target TARGET = new Target("labs-jj-web", OURS, FakeEcs.arn("task-definition/labs-jj-web:2"), null, false);

    private static Deployment deployment(String id, String status, int revision, String rolloutState, int desired, int running) {
        return Deployment.builder().id(id).status(status).taskDefinition(FakeEcs.arn("task-definition/labs-jj-web:" + revision))
                .rolloutState(rolloutState).rolloutStateReason("reason of " + id).desiredCount(desired).runningCount(running)
                .pendingCount(0).build();
    }

    private static Verdict verdict(Deployment... deployments) {
        return Verdict.of(Service.builder().serviceName("labs-jj-web").deployments(deployments).build(), TARGET);
    }

    @Test
    void successIsOurPrimaryDeploymentCompletedWithEveryTaskRunning() {
        assertEquals(Verdict.State.SUCCEEDED, verdict(deployment(OURS, "PRIMARY", 2, "COMPLETED", 1, 1)).state());
        assertEquals(Verdict.State.SUCCEEDED, verdict(deployment(OURS, "PRIMARY", 2, "COMPLETED", 3, 3)).state());
    }

    @Test
    void notYetWhileInProgressOrShortOfTasks() {
        assertEquals(Verdict.State.WAITING, verdict(deployment(OURS, "PRIMARY", 2, "IN_PROGRESS", 1, 1),
                deployment("ecs-svc/1", "ACTIVE", 1, "COMPLETED", 1, 1)).state());
        assertEquals(Verdict.State.WAITING, verdict(deployment(OURS, "PRIMARY", 2, "COMPLETED", 2, 1)).state());
    }

    @Test
    void aCircuitBreakerRollbackFailsThoughTheServiceIsStableOnTheOldRevision() {
        Verdict verdict = verdict(deployment("ecs-svc/3", "PRIMARY", 1, "COMPLETED", 1, 1),
                deployment(OURS, "ACTIVE", 2, "FAILED", 1, 0));
        assertEquals(Verdict.State.FAILED, verdict.state());
        assertEquals("deployment ecs-svc/2 failed and ECS rolled it back: reason of ecs-svc/2; the service now runs labs-jj-web:1",
                verdict.reason());
    }

    @Test
    void aDeploymentReplacedOrDrainedAwayFails() {
        Verdict verdict = verdict(deployment("ecs-svc/3", "PRIMARY", 1, "COMPLETED", 1, 1));
        assertEquals(Verdict.State.FAILED, verdict.state());
        assertTrue(verdict.reason().contains("is no longer the primary one"), verdict.reason());
    }

    @Test
    void ourFailedPrimaryFails() {
        assertEquals(Verdict.State.FAILED, verdict(deployment(OURS, "PRIMARY", 2, "FAILED", 1, 0)).state());
    }

    @Test
    void withoutARolloutStateOneDeploymentWithEveryTaskRunningIsSuccess() {
        assertEquals(Verdict.State.SUCCEEDED, verdict(deployment(OURS, "PRIMARY", 2, null, 1, 1)).state());
        assertEquals(Verdict.State.WAITING, verdict(deployment(OURS, "PRIMARY", 2, null, 1, 1),
                deployment("ecs-svc/1", "ACTIVE", 1, null, 1, 1)).state());
    }

    @Test
    void aDesiredCountOfZeroNeverSucceeds() {
        assertEquals(Verdict.State.FAILED, verdict(deployment(OURS, "PRIMARY", 2, "COMPLETED", 0, 0)).state());
    }

    private static Task stopped(String stopCode, String reason, Integer exitCode) {
        return Task.builder().lastStatus("STOPPED").stopCode(stopCode).stoppedReason(reason)
                .containers(Container.builder().name("web").exitCode(exitCode).build()).build();
    }

    @Test
    void whichStoppedTasksCountAsErrors() {
        assertTrue(Diagnosis.stoppedWithError(stopped("EssentialContainerExited", "Essential container in task exited", 1)));
        assertTrue(Diagnosis.stoppedWithError(stopped("EssentialContainerExited", "Essential container in task exited", 0)),
                "a service's container must not exit at all");
        assertTrue(Diagnosis.stoppedWithError(stopped("TaskFailedToStart", "CannotPullContainerError: not found", null)));
        assertTrue(Diagnosis.stoppedWithError(stopped("ServiceSchedulerInitiated", "Task failed container health checks", 137)));
        assertTrue(Diagnosis.stoppedWithError(stopped("ServiceSchedulerInitiated", "Task failed ELB health checks", null)));
        assertFalse(Diagnosis.stoppedWithError(stopped("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1)", 0)));
        assertFalse(Diagnosis.stoppedWithError(stopped("UserInitiated", "Stopped by user", null)));
    }

    @Test
    void aSpotInterruptionIsNoCrashAndIsNamedAsSuch() {
        Task interrupted = stopped("SpotInterruption", "Your Spot Task was interrupted.", 137).toBuilder()
                .taskArn(FakeEcs.arn("task/labs-jj-cluster/0123")).taskDefinitionArn(FakeEcs.arn("task-definition/labs-jj-web:2")).build();
        assertTrue(Diagnosis.spotInterrupted(interrupted));
        assertFalse(Diagnosis.stoppedWithError(interrupted), "the container exits 137 on the SIGTERM, but the app did nothing wrong");
        assertFalse(Diagnosis.stoppedWithError(stopped("TerminationNotice", "Your Spot Task was interrupted.", 143)),
                "the stop code of the two-minute notice");
        assertTrue(Diagnosis.lines(interrupted).get(0).contains("interrupted by Fargate Spot, AWS took the capacity back (not a crash): "
                + "Your Spot Task was interrupted. (SpotInterruption)"), Diagnosis.lines(interrupted)::toString);
    }

    @Test
    void inProgressMeansAnUnfinishedPrimaryOrOldTasksStillDraining() {
        Service settled = Service.builder().deployments(deployment(OURS, "PRIMARY", 2, "COMPLETED", 1, 1)).build();
        Service rolling = Service.builder().deployments(deployment(OURS, "PRIMARY", 2, "IN_PROGRESS", 1, 0)).build();
        Service draining = Service.builder().deployments(deployment(OURS, "PRIMARY", 2, "COMPLETED", 1, 1),
                deployment("ecs-svc/1", "ACTIVE", 1, "COMPLETED", 1, 1)).build();
        assertTrue(Rollout.inProgress(settled).isEmpty());
        assertTrue(Rollout.inProgress(rolling).isPresent());
        assertTrue(Rollout.inProgress(draining).isPresent());
    }

    @Test
    void imageReferences() {
        ImageRef ecr = ImageRef.parse(DefaultStack.NEW_IMAGE);
        assertEquals(DefaultStack.REPOSITORY, ecr.repository());
        assertEquals("def5678", ecr.label());
        assertEquals(new ImageRef.EcrRegistry(FakeEcs.ACCOUNT, FakeEcs.REGION), ecr.ecr().orElseThrow());
        ImageRef hub = ImageRef.parse("python:3.12-slim");
        assertEquals(null, hub.registry());
        assertEquals("python", hub.repository());
        assertTrue(hub.ecr().isEmpty());
        ImageRef local = ImageRef.parse("localhost:5000/app@sha256:0123456789abcdef0123456789abcdef");
        assertEquals("localhost:5000", local.registry());
        assertEquals("app", local.repository());
        assertEquals("sha256:0123456789ab", local.label(), "the short digest: 12 hex digits");
        assertTrue(ImageRef.isBareTag("abc1234"));
        assertFalse(ImageRef.isBareTag("python:3.12"));
    }

    @Test
    void theRevisionBeforeTheLiveOne() {
        List<String> active = List.of("arn:x:task-definition/f:5", "arn:x:task-definition/f:4", "arn:x:task-definition/f:2");
        assertEquals("arn:x:task-definition/f:4", Rollback.previous(active, 5).orElseThrow());
        assertEquals("arn:x:task-definition/f:2", Rollback.previous(active, 4).orElseThrow());
        assertTrue(Rollback.previous(active, 2).isEmpty());
    }

    /** How rotate-secret restarts the services: the engine's restart, through a command like it. */
    @Command(name = "restart")
    static class Restart implements Callable<Integer> {
        @Mixin
        LabsOptions labs = new LabsOptions();

        @Override
        public Integer call() {
            new Rollout(labs, new Ecs(labs)).restart(List.of(AppService.WEB, AppService.WORKER), Duration.ofMinutes(5));
            return 0;
        }
    }

    @Test
    void restartForcesANewDeploymentOfTheSameRevisionAndWaitsForIt() {
        DefaultStack stack = DefaultStack.running();

        Cli.Result result = stack.cli().run(new Restart());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web (same)", "labs-jj-worker (same)"), stack.updatedTaskDefinitions());
        assertTrue(stack.ecs.updates.stream().allMatch(u -> Boolean.TRUE.equals(u.forceNewDeployment())));
        result.assertErrContains("labs-jj-web runs labs-jj-web:1");
        assertTrue(stack.ecs.tasks.values().stream().filter(t -> t.startedBy() == null).allMatch(t -> "STOPPED".equals(t.lastStatus())),
                "the old tasks were replaced");
    }

    @Test
    void aRestartWhoseTasksCrashFailsWithoutARollback() {
        DefaultStack stack = DefaultStack.running();
        stack.ecs.behaviours.put(DefaultStack.OLD_IMAGE, FakeEcs.Behaviour.exits(1, "django.core.exceptions.ImproperlyConfigured: bad secret"));

        Cli.Result result = stack.cli().run(new Restart());

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("| django.core.exceptions.ImproperlyConfigured: bad secret");
        assertEquals(2, stack.ecs.updates.size(), "no rollback: the revision is the same");
    }
}
