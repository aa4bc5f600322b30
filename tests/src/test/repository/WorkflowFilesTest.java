import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * The workflow files are valid GitHub Actions workflows (checked offline, in Java, by WorkflowCheck:
 * GitHub's workflow schema pinned in src/test/resources/schema, and what the schema cannot say), their
 * actions are pinned, and CI prepares its machine as .ci/run does.
 */
class WorkflowFilesTest {
    private static final Pattern APT_INSTALL = Pattern.compile("apt-get install ([^>\\n]*)");
    /** What .ci/run installs with apt that CI gets from actions/setup-java instead. */
    private static final Set<String> PROVIDED_BY_SETUP_JAVA = Set.of("maven", "openjdk-17-jdk-headless");
    /** A step's uses: line, with the comment after it. */
    private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)\\s*(?:#\\s*(.*))?$", Pattern.MULTILINE);
    /** owner/repo[/path]@ a full commit SHA: a tag or a branch can be moved to other code, a commit cannot. */
    private static final Pattern PINNED_ACTION = Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}");

    @TestFactory
    Stream<DynamicTest> everyWorkflowMatchesTheGithubActionsSchema() throws IOException {
        List<Path> files = Workflows.files();
        assertTrue(files.stream().map(p -> p.getFileName().toString()).toList().containsAll(List.of("ci.yml", "deploy-labs.yml")),
                "workflows found: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
                assertEquals(List.of(), WorkflowCheck.problems(Files.readString(file)), file.getFileName() + " is not a valid workflow")));
    }

    private static final String VALID = """
            name: valid
            on:
              push:
              workflow_dispatch:
                inputs:
                  prefix:
                    description: Environment to deploy to.
                    type: string
                    default: labs-jj
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4.2.2
                  - run: echo "$PREFIX"
                    env:
                      PREFIX: ${{ inputs.prefix }}
              deploy:
                needs: build
                uses: octo/labs/.github/workflows/deploy-labs.yml@v1.0.0
                with:
                  prefix: ${{ inputs.prefix }}
            """;

    @Test
    void theCheckTakesAValidWorkflow() {
        assertEquals(List.of(), WorkflowCheck.problems(VALID));
    }

    /** Each broken variant of VALID, and a word of what the check must say about it: it cannot silently pass. */
    @TestFactory
    Stream<DynamicTest> theCheckRejectsABrokenWorkflow() {
        Map<String, List<String>> broken = Map.of(
                "an unknown top-level key", List.of("name: valid", "name: valid\nenvironment: prod", "property 'environment' is not defined"),
                "no on:", List.of("on:", "off:", "required property 'on' not found"),
                "a job without runs-on", List.of("    runs-on: ubuntu-24.04\n", "", "/jobs/build: required property 'runs-on' not found"),
                "an unknown job key", List.of("    steps:", "    stepz:", "property 'stepz' is not defined"),
                "a step that both uses and runs", List.of("      - uses: actions/checkout@v4.2.2", "      - uses: actions/checkout@v4.2.2\n        run: echo", "/jobs/build/steps/0: must be valid to one and only one schema"),
                "needs: naming no job", List.of("needs: build", "needs: [build, test]", "no job test"),
                "an action without @ref", List.of("actions/checkout@v4.2.2", "actions/checkout", "names no action"),
                "a reusable workflow without @ref", List.of("deploy-labs.yml@v1.0.0", "deploy-labs.yml", "no reusable workflow"),
                "an unclosed ${{", List.of("PREFIX: ${{ inputs.prefix }}", "PREFIX: ${{ inputs.prefix }", "not closed"),
                "not YAML", List.of("jobs:", "jobs: [", "not YAML"));
        return broken.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            String from = c.getValue().get(0);
            assertTrue(VALID.contains(from), from);
            List<String> problems = WorkflowCheck.problems(VALID.replace(from, c.getValue().get(1)));
            assertTrue(problems.stream().anyMatch(p -> p.contains(c.getValue().get(2))), "expected '" + c.getValue().get(2) + "' in " + problems);
        }));
    }

    @Test
    void theCheckReadsTheSchemaFromTheRepositoryNotTheNetwork() throws IOException {
        Path pinned = RealJBang.REPO.resolve("tests/src/test/resources/schema/github-workflow.json");
        String schema = Files.readString(pinned);
        assertTrue(schema.contains("\"$id\": \"" + WorkflowCheck.SCHEMA_ID + "\""), "the pinned schema is GitHub's workflow schema");
        assertTrue(schema.contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\""), "the pinned schema is draft-07");
        assertTrue(Files.readString(pinned.resolveSibling("README.md")).contains("@action-validator/core"), "the schema's source is noted");
    }

    @Test
    void everyActionIsPinnedToAFullCommitWithItsTagInAComment() throws IOException {
        List<String> unpinned = new ArrayList<>();
        for (Path file : Workflows.files()) unpinned.addAll(unpinnedActions(file.getFileName().toString(), Files.readString(file)));
        assertEquals(List.of(), unpinned, "pin each action to a full commit SHA and name its tag in a comment: uses: OWNER/REPO@SHA # vX.Y.Z");
    }

    @Test
    void aTagABranchAnUncommentedCommitOrAnImageTagIsReported() {
        String sha = "11bd71901bbe5b1630ceea73d27597364c9af683";
        assertEquals(List.of(), unpinnedActions("ok.yml", "      - uses: actions/checkout@" + sha + " # v4.2.2\n      - uses: ./local\n"
                + "      - uses: docker://alpine@sha256:" + "a".repeat(64) + " # 3.20\n"));
        assertEquals(4, unpinnedActions("bad.yml", "      - uses: actions/checkout@v4.2.2\n      - uses: actions/checkout@main # latest\n"
                + "      - uses: actions/checkout@" + sha + "\n        uses: docker://alpine:3.20\n").size());
    }

    /** The steps' actions of a workflow file that are not pinned by commit (or, for a container image, by digest). */
    private static List<String> unpinnedActions(String name, String workflow) {
        List<String> unpinned = new ArrayList<>();
        Matcher uses = USES_LINE.matcher(workflow);
        while (uses.find()) {
            String action = uses.group(1);
            String where = name + ": " + uses.group().strip();
            if (action.startsWith("./")) continue;
            // a container image is pulled by whatever its tag names now: only a digest fixes it
            if (action.startsWith("docker://")) {
                if (!action.contains("@sha256:")) unpinned.add(where + " (name the image by digest)");
            } else if (!PINNED_ACTION.matcher(action).matches() || uses.group(2) == null || uses.group(2).isBlank()) {
                unpinned.add(where);
            }
        }
        return unpinned;
    }

    @Test
    void theAwsCredentialsComeRightBeforeTheStepThatCallsAwsAndNoOtherActionRunsAfterThem() throws IOException {
        for (Path file : Workflows.files()) {
            List<Workflows.Step> steps = Workflows.steps(file);
            for (int i = 0; i < steps.size(); i++) {
                String uses = steps.get(i).uses();
                if (uses == null || !uses.startsWith("aws-actions/configure-aws-credentials@")) continue;
                assertTrue(i + 1 < steps.size() && runsLabs(steps.get(i + 1)),
                        file.getFileName() + ": the step after the AWS credentials must be the one that runs labs");
                for (Workflows.Step later : steps.subList(i + 1, steps.size())) {
                    assertTrue(later.uses() == null || runsLabs(later),
                            later.where() + " would run an action other than labs with the AWS credentials in its environment");
                }
            }
        }
        for (String workflow : List.of("deploy-labs.yml", "labs-ops.yml")) {
            assertTrue(Workflows.steps(Workflows.DIRECTORY.resolve(workflow)).stream()
                    .anyMatch(s -> s.uses() != null && s.uses().startsWith("aws-actions/configure-aws-credentials@")), workflow);
        }
    }

    /** A shell step that runs deploy from the labs source, or jbang-action running a labs script and trusting only labs. */
    private static boolean runsLabs(Workflows.Step step) {
        if (step.run() != null) return step.run().contains("jbang \"deploy@$LABS_SOURCE\"");
        String script = step.with().getOrDefault("script", "");
        return step.uses().startsWith("jbangdev/jbang-action@") && "${{ steps.labs.outputs.trust }}".equals(step.with().get("trust"))
                && (script.endsWith("@${{ steps.labs.outputs.source }}") || script.equals("${{ steps.labs.outputs.script }}"));
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
        Set<String> ciRunPackages = aptPackages(ciRun);
        assertTrue(ciRunPackages.containsAll(PROVIDED_BY_SETUP_JAVA), ".ci/run must install Maven and a JDK: " + ciRunPackages);
        ciRunPackages.removeAll(PROVIDED_BY_SETUP_JAVA);
        assertFalse(ciRunPackages.isEmpty(), ".ci/run installs no Debian package besides Maven and the JDK");
        assertEquals(ciRunPackages, aptPackages(ciWorkflow), "ci.yml and .ci/run must install the same Debian packages");
        for (String script : List.of(ciRun, ciWorkflow)) {
            assertFalse(Pattern.compile("\\b(npm|npx|node|nodejs)\\b|setup-node").matcher(script).find(), "the suite needs no Node.js or npm");
        }
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
        assertEquals(List.of(), WorkflowCheck.problems(caller), "docs/github-actions.md's caller workflow is not valid");

        Workflows.Step call = Workflows.steps(file).stream().filter(s -> s.uses() != null).findFirst().orElseThrow();
        assertTrue(call.uses().matches("[\\w.-]+/[\\w.-]+/\\.github/workflows/deploy-labs\\.yml@[0-9a-f]{40}"), call.uses());
        assertTrue(caller.matches("(?s).*deploy-labs\\.yml@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+\\n.*"), "the caller pins labs by commit, its tag in a comment");
        assertTrue(caller.contains("id-token: write"), "the caller must grant id-token: write");
        Map<String, Map<String, Object>> inputs = Workflows.inputs(
                Files.readString(Workflows.DIRECTORY.resolve("deploy-labs.yml")), "workflow_call");
        assertTrue(inputs.keySet().containsAll(call.with().keySet()), "unknown inputs in " + call.with().keySet());
        inputs.forEach((name, input) -> {
            if (Boolean.TRUE.equals(input.get("required"))) assertTrue(call.with().containsKey(name), "docs/github-actions.md's caller lacks " + name);
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
}
