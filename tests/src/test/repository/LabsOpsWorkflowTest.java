import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** labs-ops.yml's checks, with bash as GitHub runs them; JBangActionStepsTest parses what it runs. */
class LabsOpsWorkflowTest {
    private static final Path WORKFLOW = Workflows.DIRECTORY.resolve("labs-ops.yml");
    private static final String LABS_COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path runner;
    private final Map<String, String> context = new HashMap<>();

    @BeforeEach
    void callerInputs() {
        context.putAll(Map.of("inputs.command", "rollback", "inputs.prefix", "labs-jj", "inputs.aws-region", "eu-west-1",
                "inputs.role-to-assume", "arn:aws:iam::123456789012:role/github-actions-labs-deploy", "inputs.rollback-to", "",
                "inputs.secret", "database-password", "inputs.dry-run", "false", "inputs.labs-version", "",
                "job.workflow_repository", "acme/labs", "job.workflow_sha", LABS_COMMIT));
    }

    @Test
    void theCommandRunsFromTheRepositoryAndCommitOfTheWorkflowFileWhichAloneIsTrusted() throws Exception {
        context.put("inputs.rollback-to", "41");
        Workflows.StepRun check = check();
        assertEquals(0, check.exitCode(), check::toString);
        assertEquals("rollback@acme/labs/" + LABS_COMMIT, check.outputs().get("script"));
        assertEquals("--prefix labs-jj --region eu-west-1 --to 41", check.outputs().get("args"));
        assertEquals("https://github.com/acme/labs/", check.outputs().get("trust"));
        assertTrue(check.summary().startsWith("## labs rollback: `labs-jj` in `eu-west-1`"), check::toString);
    }

    @Test
    void rotateSecretIsConfirmedByRunningTheWorkflow() throws Exception {
        context.putAll(Map.of("inputs.command", "rotate-secret", "inputs.secret", "django-secret-key", "inputs.dry-run", "true"));
        assertEquals("--prefix labs-jj --region eu-west-1 --django-secret-key --yes --dry-run", check().outputs().get("args"));
    }

    @Test
    void sleepAndWakeTakeOnlyTheDryRun() throws Exception {
        context.putAll(Map.of("inputs.command", "sleep", "inputs.rollback-to", "3", "inputs.dry-run", "true"));
        Workflows.StepRun sleep = check();
        assertEquals("sleep@acme/labs/" + LABS_COMMIT, sleep.outputs().get("script"));
        assertEquals("--prefix labs-jj --region eu-west-1 --dry-run", sleep.outputs().get("args"));
        context.putAll(Map.of("inputs.command", "wake", "inputs.dry-run", "false"));
        assertEquals("--prefix labs-jj --region eu-west-1", check().outputs().get("args"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "success | 0   | **Done.**",
        "failure | 2   | **Not run:** labs refused the configuration or the arguments",
        "failure | 1   | **wake failed** (exit code 1). The diagnosis above",
        "failure | ''  | **Not run:** JBang could not run wake: it did not trust the labs source (trusted: `https://github.com/acme/labs/`)",
        "skipped | ''  | **Not run:** a set-up step failed before labs ran",
    })
    void theSummaryTellsTheOutcomesApartByTheExitCodeTheCommandSetItself(String ran, String exitCode, String summary)
            throws Exception {
        context.putAll(Map.of("inputs.command", "wake", "steps.labs.outcome", "success", "steps.aws.outcome", "success",
                "steps.run.outcome", ran, "steps.run.outputs.exit-code", exitCode,
                "steps.labs.outputs.trust", "https://github.com/acme/labs/"));
        Workflows.StepRun report = Workflows.run(Workflows.step(WORKFLOW, "report"), context, runner, Map.of());
        assertEquals(0, report.exitCode(), report::toString);
        assertTrue(report.summary().startsWith(summary), report::toString);
    }

    @Test
    void noInputCanPointLabsAtAnotherRepository() throws Exception {
        String workflow = Files.readString(WORKFLOW);
        for (String trigger : List.of("workflow_call", "workflow_dispatch")) {
            assertTrue(Workflows.inputs(workflow, trigger).keySet().stream().noneMatch(name -> name.contains("repositor")), trigger);
        }
        Workflows.Step check = Workflows.step(WORKFLOW, "labs");
        assertTrue(check.run().contains("repository=$WORKFLOW_REPOSITORY\n"), check.run());
        assertEquals("${{ job.workflow_repository }}", check.env().get("WORKFLOW_REPOSITORY"));
        context.put("inputs.labs-version", "acme/other");
        assertEquals(2, check().exitCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "inputs.command     | teardown           | Input command 'teardown' is none of status, migrate, rollback, rotate-secret, sleep, wake.",
        "inputs.prefix      | labs-jj --force    | Input prefix 'labs-jj --force' is not a labs prefix",
        "inputs.rollback-to | 3 --force          | Input rollback-to '3 --force' is not a revision number",
    })
    void aBadInputIsRefusedInOneLineBeforeAnythingRuns(String input, String value, String message) throws Exception {
        context.put(input, value);
        Workflows.StepRun check = check();
        assertEquals(2, check.exitCode(), check::toString);
        assertTrue(check.log().startsWith("::error title=labs ops::" + message), check::toString);
        assertFalse(check.outputs().containsKey("script"), check::toString);
    }

    @Test
    void theSecretIsCheckedWhenRotating() throws Exception {
        context.putAll(Map.of("inputs.command", "rotate-secret", "inputs.secret", "all --force"));
        Workflows.StepRun check = check();
        assertEquals(2, check.exitCode(), check::toString);
        assertTrue(check.log().contains("Input secret 'all --force' is none of"), check::toString);
    }

    private Workflows.StepRun check() throws Exception {
        return Workflows.run(Workflows.step(WORKFLOW, "labs"), context, runner, Map.of());
    }
}
