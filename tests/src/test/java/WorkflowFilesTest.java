import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow files are valid GitHub Actions workflows (checked offline against the schema by the
 * npm package @action-validator/cli, which .ci/run installs), their actions are pinned, and CI
 * prepares its machine as .ci/run does.
 */
class WorkflowFilesTest {
    private static final String VALIDATOR = "action-validator";
    private static final Pattern APT_INSTALL = Pattern.compile("apt-get install ([^>\\n]*)");
    /** What .ci/run installs with apt that CI gets otherwise: from actions/setup-java, actions/setup-node and the runner image. */
    private static final Set<String> PROVIDED_BY_SETUP_ACTIONS = Set.of("maven", "openjdk-17-jdk-headless", "nodejs", "npm");
    private static final Pattern NPM_GLOBAL_INSTALL = Pattern.compile("npm install -g ((?:\\s*@?[\\w./-]+@[\\w.-]+)+)");
    /** owner/repo[/path]@vMAJOR.MINOR.PATCH, or @ a full commit SHA: never a branch or a moving major tag. */
    private static final Pattern PINNED_ACTION = Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@(v\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");

    @TestFactory
    Stream<DynamicTest> everyWorkflowMatchesTheGithubActionsSchema() throws IOException {
        List<Path> files = Workflows.files();
        assertTrue(files.stream().map(p -> p.getFileName().toString()).toList().containsAll(List.of("ci.yml", "deploy-labs.yml")),
                "workflows found: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Validation validation = validate(file);
            assertEquals(0, validation.exitCode(), file.getFileName() + " is not a valid workflow:\n" + validation.output());
        }));
    }

    @Test
    void theSchemaCheckRejectsAnInvalidWorkflow(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("broken.yml");
        Files.writeString(broken, """
                name: broken
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-24.04
                    stepz:
                      - run: echo never
                """);
        Validation validation = validate(broken);
        assertNotEquals(0, validation.exitCode(), validation.output());
        assertTrue(validation.output().contains("Additional property 'stepz' is not allowed"), validation.output());
    }

    @Test
    void everyActionIsPinnedToAReleaseOrACommit() throws IOException {
        List<String> unpinned = new ArrayList<>();
        for (Path file : Workflows.files()) {
            for (Workflows.Step step : Workflows.steps(file)) {
                String uses = step.uses();
                if (uses == null || uses.startsWith("./")) continue;
                if (!PINNED_ACTION.matcher(uses).matches()) unpinned.add(uses + " (" + step.where() + ")");
            }
        }
        assertEquals(List.of(), unpinned, "pin each action to vX.Y.Z or a commit SHA");
    }

    @Test
    void inputsReachShellScriptsOnlyThroughTheEnvironment() throws IOException {
        assertEquals(List.of("${{ inputs.prefix }}"),
                Workflows.pastedValues("jbang ip@labs --prefix ${{ inputs.prefix }} ${{ inputs.all && '--all' || '' }}"));
        List<String> pasted = new ArrayList<>();
        for (Path file : Workflows.files()) {
            for (Workflows.Step step : Workflows.steps(file)) {
                if (step.run() != null) Workflows.pastedValues(step.run()).forEach(e -> pasted.add(e + " (" + step.where() + ")"));
            }
        }
        assertEquals(List.of(), pasted, "pass values to run: scripts through env:, not ${{ }}");
    }

    @Test
    void ciRunsTheReadmeTestCommandWithThePackagesThatCiRunInstalls() throws IOException {
        String ciRun = Files.readString(RealJBang.REPO.resolve(".ci/run"));
        String ciWorkflow = Files.readString(Workflows.DIRECTORY.resolve("ci.yml"));
        Set<String> ciRunPackages = npmGlobalPackages(ciRun);
        assertFalse(ciRunPackages.isEmpty(), ".ci/run installs no npm package globally");
        assertEquals(ciRunPackages, npmGlobalPackages(ciWorkflow), "ci.yml and .ci/run must install the same npm packages");
        Set<String> debianPackages = aptPackages(ciRun);
        debianPackages.removeAll(PROVIDED_BY_SETUP_ACTIONS);
        assertTrue(aptPackages(ciWorkflow).containsAll(debianPackages),
                "ci.yml must install the Debian packages that .ci/run installs: " + debianPackages);
        assertTrue(Workflows.steps(Workflows.DIRECTORY.resolve("ci.yml")).stream()
                .anyMatch(step -> "mvn -B -f tests/pom.xml test".equals(step.run())), "ci.yml must run README's test command");
    }

    @Test
    void theDocumentedCallerWorkflowIsValidAndGivesTheDeployWorkflowWhatItNeeds(@TempDir Path directory) throws Exception {
        String guide = Files.readString(RealJBang.REPO.resolve("docs/github-actions.md"));
        Matcher block = Pattern.compile("```yaml\n([\\s\\S]*?)```").matcher(guide);
        String caller = null;
        while (block.find()) if (block.group(1).contains("/.github/workflows/deploy-labs.yml@")) caller = block.group(1);
        assertNotNull(caller, "docs/github-actions.md shows no workflow that calls deploy-labs.yml");
        Path file = Files.writeString(directory.resolve("deploy.yml"), caller);
        Validation validation = validate(file);
        assertEquals(0, validation.exitCode(), "docs/github-actions.md's caller workflow is not valid:\n" + validation.output());

        Workflows.Step call = Workflows.steps(file).stream().filter(s -> s.uses() != null).findFirst().orElseThrow();
        assertTrue(call.uses().matches("[\\w.-]+/[\\w.-]+/\\.github/workflows/deploy-labs\\.yml@v\\d+\\.\\d+\\.\\d+"), call.uses());
        assertTrue(caller.contains("id-token: write"), "the caller must grant id-token: write");
        Map<String, Map<String, Object>> inputs = Workflows.inputs(
                Files.readString(Workflows.DIRECTORY.resolve("deploy-labs.yml")), "workflow_call");
        assertTrue(inputs.keySet().containsAll(call.with().keySet()), "unknown inputs in " + call.with().keySet());
        inputs.forEach((name, input) -> {
            if (Boolean.TRUE.equals(input.get("required"))) assertTrue(call.with().containsKey(name), "docs/github-actions.md's caller lacks " + name);
        });
    }

    @Test
    void theDeployWorkflowTakesTheSameInputsByHandAsWhenCalled() throws IOException {
        String workflow = Files.readString(Workflows.DIRECTORY.resolve("deploy-labs.yml"));
        Map<String, Map<String, Object>> called = Workflows.inputs(workflow, "workflow_call");
        Map<String, Map<String, Object>> byHand = Workflows.inputs(workflow, "workflow_dispatch");
        assertEquals(called.keySet(), byHand.keySet());
        called.forEach((name, input) -> {
            for (String property : List.of("type", "default", "required")) {
                assertEquals(input.get(property), byHand.get(name).get(property), name + "." + property);
            }
        });
    }

    private static Set<String> aptPackages(String script) {
        Set<String> packages = new TreeSet<>();
        Matcher matcher = APT_INSTALL.matcher(script);
        while (matcher.find()) {
            for (String word : matcher.group(1).trim().split("\\s+")) if (!word.startsWith("-")) packages.add(word);
        }
        return packages;
    }

    private static Set<String> npmGlobalPackages(String script) {
        Set<String> packages = new TreeSet<>();
        Matcher matcher = NPM_GLOBAL_INSTALL.matcher(script);
        while (matcher.find()) packages.addAll(List.of(matcher.group(1).trim().split("\\s+")));
        return packages;
    }

    private record Validation(int exitCode, String output) {
    }

    private static Validation validate(Path workflow) throws IOException, InterruptedException {
        Path validator = onPath(VALIDATOR);
        if (validator == null) {
            fail(VALIDATOR + " is not installed, so the workflow files cannot be checked. Install it with: "
                    + "npm install -g @action-validator/cli@0.6.0 @action-validator/core@0.6.0 (.ci/run does)");
        }
        Process process = new ProcessBuilder(validator.toString(), workflow.toString())
                .directory(RealJBang.REPO.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(VALIDATOR + " did not finish within 2 minutes on " + workflow);
        }
        return new Validation(process.exitValue(), output);
    }

    private static Path onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
