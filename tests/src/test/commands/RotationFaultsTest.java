import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A failure injected at every AWS call of a database password rotation, in every way a call can
 * fail (rejected, connection lost before or after AWS acted, the process dying before or after).
 * After each: the password RDS holds is in Secrets Manager (current or pending); the output says
 * what changed; and running the command again finishes, with that same password when RDS already
 * has it, leaving the current secret matching RDS.
 */
class RotationFaultsTest {

    @Test
    void aCleanRunMakesTheCallsTheFaultTestsCover() {
        List<String> calls = cleanRunCalls();
        for (String expected : List.of("rds:DescribeDBInstances", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue", "rds:AddTagsToResource", "rds:ModifyDBInstance",
                "secretsmanager:UpdateSecretVersionStage", "rds:RemoveTagsFromResource", "ecs:ListTasks",
                "ecs:ForceNewDeployment", "ecs:DescribeTasks")) {
            assertTrue(calls.contains(expected), expected + " missing from " + calls);
        }
        assertTrue(calls.indexOf("secretsmanager:PutSecretValue") < calls.indexOf("rds:ModifyDBInstance"),
                "the pending version must exist before RDS gets the password: " + calls);
        assertTrue(calls.lastIndexOf("secretsmanager:UpdateSecretVersionStage") < calls.indexOf("ecs:ForceNewDeployment"));
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyStepNeverLosesThePasswordAndARerunFinishesWithIt() {
        List<String> calls = cleanRunCalls();
        List<DynamicTest> tests = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            for (Faults.Mode mode : Faults.Mode.values()) {
                int at = index;
                tests.add(DynamicTest.dynamicTest("call " + at + " " + calls.get(at) + " " + mode, () -> failAndRerun(at, mode)));
            }
        }
        return tests.stream();
    }

    private static List<String> cleanRunCalls() {
        RotationStack stack = new RotationStack();
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        stack.assertConsistent();
        return List.copyOf(stack.faults.calls);
    }

    private static void failAndRerun(int at, Faults.Mode mode) {
        RotationStack stack = new RotationStack();
        stack.faults.failAt(at, mode);
        Cli.Result first = null;
        try {
            first = stack.run("--database-password", "--yes");
        } catch (Faults.Crash crash) {
            // the process died: no clean-up, no message
        }
        stack.assertRdsPasswordIsInTheSecret();
        String held = stack.rdsPassword();
        boolean databaseChanged = !held.equals(RotationStack.OLD_PASSWORD);
        boolean unfinished = !held.equals(stack.currentPassword());
        if (first != null && first.exitCode() != 0) assertExplains(first, stack, databaseChanged, unfinished);

        stack.faults.failAt(-1, null);
        boolean restartFailed = first != null && first.err().contains("--restart-only");
        Cli.Result rerun = restartFailed ? stack.run("--restart-only", "--yes") : stack.run("--database-password", "--yes");
        assertEquals(0, rerun.exitCode(), rerun::toString);
        stack.assertConsistent();
        if (unfinished) {
            assertEquals(held, stack.rdsPassword(), "the re-run generated another password instead of finishing");
            rerun.assertErrContains("Finishing the interrupted rotation");
        }
        stack.assertNoSecretInOutput();
    }

    /** The message of a failed run says what changed and what to do. */
    private static void assertExplains(Cli.Result first, RotationStack stack, boolean databaseChanged, boolean unfinished) {
        assertEquals(1, first.exitCode(), first::toString);
        String err = first.err();
        FakeSecretsManager.Secret secret = stack.secrets.get(RotationStack.DATABASE_URL);
        boolean mayBeLive = err.contains("is live in RDS labs-jj-postgres, or may be, but it is not yet current")
                && err.contains("Run rotate-secret --database-password again to finish")
                && err.contains("never generates another password");
        if (unfinished || mayBeLive) {
            assertTrue(mayBeLive, first::toString);
            assertTrue(secret.withStage("AWSPENDING").isPresent(), "the message names a pending version that is gone");
        } else if (databaseChanged) {
            assertTrue(err.contains("The restart did not finish") && err.contains("rotation itself is complete"), first::toString);
        } else if (err.contains("The restart did not finish")) {
            assertTrue(err.contains("rotation itself is complete"), first::toString);
        } else {
            assertTrue(err.contains("did not change") || err.contains("Nothing changed"), first::toString);
            if (err.contains("nothing else changed") || err.contains("Nothing changed")) {
                assertFalse(secret.withStage("AWSPENDING").isPresent(), "a pending version is left: " + first);
                assertEquals(1, secret.versions.values().stream().filter(v -> !v.stages.isEmpty()).count());
                assertTrue(stack.rds.instances.get(RotationStack.DB).tagList().isEmpty(), "the marker tag is left");
            }
        }
        assertEquals(1, err.lines().filter(l -> l.startsWith("error: ")).count(), first::toString);
    }
}
