import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** rotate-secret's restart through the rollout engine, against ECS fakes whose deployments start and stop tasks. */
class RotateSecretRolloutTest {
    private final DefaultStack stack = DefaultStack.running();

    private Cli.Result run(String... args) {
        return stack.cli().run(new RotateSecret(), args);
    }

    private String currentPassword() {
        return DatabaseUrl.parse(stack.secrets.value(DefaultStack.DATABASE_URL, "AWSCURRENT"), "test").decodedPassword();
    }

    @Test
    void theRotationForcesNewDeploymentsAndReportsTheWindowFromTheEngineOutcome() {
        Cli.Result result = run("--database-password", "--yes");

        assertEquals(0, result.exitCode(), result::toString);
        assertNotEquals(DefaultStack.OLD_PASSWORD, stack.rds.passwords.get(DefaultStack.DB));
        assertEquals(stack.rds.passwords.get(DefaultStack.DB), currentPassword());
        assertEquals(List.of("labs-jj-web (same)", "labs-jj-worker (same)"), stack.updatedTaskDefinitions());
        assertTrue(stack.ecs.updates.stream().allMatch(u -> Boolean.TRUE.equals(u.forceNewDeployment())));
        assertTrue(stack.ecs.tasks.values().stream().filter(t -> t.startedBy() == null).allMatch(t -> "STOPPED".equals(t.lastStatus())),
                "the tasks that held the old password were replaced");
        result.assertErrContains("labs-jj-web runs labs-jj-web:1");
        assertTrue(result.out().matches("(?s).*; window (\\d+s|\\d+m\\d\\ds) from the change to the last old task stopping\n"),
                result::toString);
        assertTrue(!result.out().contains("window 0s"), "the fake clock moved while RDS and ECS were awaited: " + result);
    }

    @Test
    void tasksThatCrashAfterTheRestartAreDiagnosedAndTheRotationStaysComplete() {
        stack.ecs.behaviours.put(DefaultStack.OLD_IMAGE,
                FakeEcs.Behaviour.exits(1, "django.db.utils.OperationalError: password authentication failed"));

        Cli.Result result = run("--database-password", "--yes");

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("| django.db.utils.OperationalError: password authentication failed",
                "The password rotation itself is complete",
                "run rotate-secret --restart-only");
        assertEquals(stack.rds.passwords.get(DefaultStack.DB), currentPassword());
    }
}
