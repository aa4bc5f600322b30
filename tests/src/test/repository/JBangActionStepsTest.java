import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each jbangdev/jbang-action step runs what its workflow computes from the inputs: the test runs the
 * steps that compute the script and its arguments (with bash, as GitHub does), splits the arguments
 * on spaces as jbang-action's entrypoint does, and parses them with the picocli CommandLine of the
 * script's command class. An unknown option, a missing required one or a bad value fails.
 */
class JBangActionStepsTest {
    private static final String LABS_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Pattern STEP_OUTPUT = Pattern.compile("steps\\.([\\w-]+)\\.outputs\\.");
    private static final Map<String, String> CALLER = Map.of("inputs.prefix", "labs-jj", "inputs.aws-region", "eu-west-1",
            "inputs.role-to-assume", "arn:aws:iam::123456789012:role/github-actions-labs-deploy", "inputs.labs-version", "",
            "inputs.environment", "", "job.workflow_repository", "acme/labs", "job.workflow_sha", LABS_COMMIT);

    @TempDir
    Path runner;

    /** The inputs each workflow is tried with: every choice a caller can make that changes the arguments. */
    private static Map<String, List<Map<String, String>>> cases() throws Exception {
        Map<String, List<Map<String, String>>> cases = new LinkedHashMap<>();
        List<Map<String, String>> deploys = new ArrayList<>();
        for (String image : List.of("", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/labs-jj-commcare-connect:1a2b3c4")) {
            for (String migrations : List.of("false", "true")) {
                deploys.add(Map.of("inputs.image", image, "inputs.run_migrations", migrations, "inputs.python-version", "3.11",
                        "inputs.runner", "jbang-action"));
            }
        }
        cases.put("deploy-labs.yml", deploys);
        List<Map<String, String>> operations = new ArrayList<>();
        Map<String, Map<String, Object>> dispatch = Workflows.inputs(
                java.nio.file.Files.readString(Workflows.DIRECTORY.resolve("labs-ops.yml")), "workflow_dispatch");
        for (Object command : (List<?>) dispatch.get("command").get("options")) {
            for (Object secret : (List<?>) dispatch.get("secret").get("options")) {
                for (String rollbackTo : List.of("", "3")) {
                    for (String dryRun : List.of("false", "true")) {
                        operations.add(Map.of("inputs.command", command.toString(), "inputs.secret", secret.toString(),
                                "inputs.rollback-to", rollbackTo, "inputs.dry-run", dryRun));
                    }
                }
            }
        }
        cases.put("labs-ops.yml", operations);
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyJBangActionStepParsesAgainstItsCommand() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, String>>> workflow : cases().entrySet()) {
            List<Workflows.Step> steps = Workflows.steps(Workflows.DIRECTORY.resolve(workflow.getKey()));
            for (Workflows.Step step : steps) {
                if (!isJBangAction(step)) continue;
                for (Map<String, String> inputs : workflow.getValue()) {
                    tests.add(DynamicTest.dynamicTest(step.where() + " " + inputs, () -> {
                        List<String> call = computedCall(steps, step, inputs);
                        assertEquals(List.of(), problems(call), "jbang " + String.join(" ", call));
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void everyWorkflowWithAJBangActionStepIsTried() throws Exception {
        Set<String> withSteps = new TreeSet<>();
        for (Path file : Workflows.files()) {
            if (Workflows.steps(file).stream().anyMatch(JBangActionStepsTest::isJBangAction)) withSteps.add(file.getFileName().toString());
        }
        assertEquals(withSteps, new TreeSet<>(cases().keySet()), "add the workflow's inputs to cases()");
    }

    @Test
    void anUnknownOptionAMissingRequiredOneAndABadValueAreReported() {
        assertEquals(List.of(), problems(List.of("rollback@acme/labs/v1", "--prefix", "labs-jj", "--to", "3")));
        assertProblem("Unknown options: '--revision'", "rollback@acme/labs/v1", "--prefix", "labs-jj", "--revision", "3");
        assertProblem("Missing required argument", "rotate-secret@acme/labs/v1", "--yes");
        assertProblem("Invalid value", "status@acme/labs/v1", "--events", "many");
        assertProblem("alias 'nope' is not in jbang-catalog.json", "nope@acme/labs/v1");
    }

    private static void assertProblem(String expected, String... call) {
        List<String> problems = problems(List.of(call));
        assertTrue(problems.size() == 1 && problems.get(0).contains(expected), "expected '" + expected + "' in " + problems);
    }

    private static boolean isJBangAction(Workflows.Step step) {
        return step.uses() != null && step.uses().startsWith("jbangdev/jbang-action@");
    }

    /**
     * The script and its arguments as the action receives them: the steps whose outputs they use are
     * run first (they must succeed), then scriptargs is split on whitespace as the entrypoint's
     * unquoted $INPUT_SCRIPTARGS is.
     */
    private List<String> computedCall(List<Workflows.Step> steps, Workflows.Step step, Map<String, String> inputs) throws Exception {
        Map<String, String> context = new HashMap<>(CALLER);
        context.putAll(inputs);
        Set<String> producers = new TreeSet<>();
        for (String value : step.with().values()) {
            Matcher output = STEP_OUTPUT.matcher(value);
            while (output.find()) producers.add(output.group(1));
        }
        for (String id : producers) {
            Workflows.Step producer = steps.stream().filter(s -> id.equals(s.id())).findFirst().orElseThrow();
            Workflows.StepRun run = Workflows.run(producer, context, runner, Map.of());
            assertEquals(0, run.exitCode(), run::toString);
            run.outputs().forEach((name, value) -> context.put("steps." + id + ".outputs." + name, value));
        }
        String arguments = Workflows.evaluate(step.with().getOrDefault("scriptargs", ""), context);
        assertFalse(arguments.matches(".*[*?\\[].*"), "the shell would expand a pattern in " + arguments);
        List<String> call = new ArrayList<>(List.of(Workflows.evaluate(step.with().get("script"), context)));
        if (!arguments.isBlank()) call.addAll(List.of(arguments.strip().split("\\s+")));
        return call;
    }

    /** What picocli says about the arguments of a call `ALIAS@SOURCE ARGS...`: nothing when they parse. */
    private static List<String> problems(List<String> call) {
        String alias = call.get(0).substring(0, call.get(0).indexOf('@'));
        try {
            new CommandLine(WorkflowCallsTest.command(alias)).parseArgs(call.subList(1, call.size()).toArray(String[]::new));
            return List.of();
        } catch (Exception | AssertionError e) {
            return List.of(e.getMessage());
        }
    }
}
