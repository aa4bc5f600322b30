import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shell steps of deploy-labs.yml, run with bash as GitHub runs them (`bash -eo pipefail`), with
 * the workflow's own expressions evaluated from the inputs, and a stand-in `jbang` on the PATH.
 */
class DeployWorkflowTest {
    private static final Path WORKFLOW = Workflows.DIRECTORY.resolve("deploy-labs.yml");
    private static final String LABS_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String APP_COMMIT = Workflows.APP_COMMIT;

    @TempDir
    Path runner;
    private final Map<String, String> context = new HashMap<>();

    @BeforeEach
    void callerInputs() {
        context.putAll(Map.of("steps.deploy-in-container.outcome", "skipped", "steps.deploy-in-container.outputs.exit-code", "",
                "steps.deploy-in-container.outputs.url", ""));
        context.putAll(Map.of("inputs.prefix", "labs-jj", "inputs.aws-region", "eu-west-1",
                "inputs.role-to-assume", "arn:aws:iam::123456789012:role/github-actions-labs-deploy",
                "inputs.run_migrations", "false", "inputs.image", "", "inputs.labs-version", "",
                "inputs.python-version", "3.11", "inputs.runner", "setup",
                "job.workflow_repository", "acme/labs", "job.workflow_sha", LABS_COMMIT));
    }

    @Test
    void labsComesFromTheRepositoryAndCommitOfTheWorkflowFile() throws Exception {
        Workflows.StepRun check = run("labs");
        assertEquals(0, check.exitCode(), check::toString);
        assertEquals("acme/labs/" + LABS_COMMIT, check.outputs().get("source"));
        assertEquals("https://github.com/acme/labs/", check.outputs().get("trust"));
        assertEquals("", check.summary());
    }

    @Test
    void theArgumentsForJBangActionCarryTheInputsWithoutSpaces() throws Exception {
        assertEquals("--prefix labs-jj --region eu-west-1", run("labs").outputs().get("deploy-args"));
        context.put("inputs.image", "labs-jj-commcare-connect:1a2b3c4");
        context.put("inputs.run_migrations", "true");
        assertEquals("--prefix labs-jj --region eu-west-1 --image labs-jj-commcare-connect:1a2b3c4 --migrate",
                run("labs").outputs().get("deploy-args"));
    }

    @Test
    void aRunnerOtherThanSetupOrJBangActionIsRefused() throws Exception {
        context.put("inputs.runner", "docker");
        Workflows.StepRun check = run("labs");
        assertEquals(2, check.exitCode(), check::toString);
        assertTrue(check.log().contains("Input runner 'docker' is neither setup nor jbang-action."), check::toString);
    }

    @Test
    void theSummaryReportsADeployInJBangActionsContainerByTheOutputsDeploySetItself() throws Exception {
        context.putAll(Map.of("steps.deploy-in-container.outcome", "failure", "steps.deploy-in-container.outputs.exit-code", "2"));
        Workflows.StepRun refused = report("success", "success", "skipped", Map.of());
        assertTrue(refused.summary().startsWith("**Not deployed:** labs refused the configuration"), refused::toString);
        context.putAll(Map.of("steps.deploy-in-container.outcome", "failure", "steps.deploy-in-container.outputs.exit-code", ""));
        Workflows.StepRun notRun = report("success", "success", "skipped", Map.of());
        assertTrue(notRun.summary().startsWith("**Not deployed:** JBang could not run deploy"), notRun::toString);
        context.putAll(Map.of("steps.deploy-in-container.outcome", "success", "steps.deploy-in-container.outputs.exit-code", "0",
                "steps.deploy-in-container.outputs.url", "http://54.1.2.3:8000/"));
        assertEquals("**Deployed.** The web service answers at http://54.1.2.3:8000/.\n",
                report("success", "success", "skipped", Map.of()).summary());
    }

    @Test
    void theLabsVersionInputChoosesAnotherCommitOfTheSameRepository() throws Exception {
        context.put("inputs.labs-version", "v1.2.0");
        Workflows.StepRun check = run("labs");
        assertEquals(0, check.exitCode(), check::toString);
        assertEquals("acme/labs/v1.2.0", check.outputs().get("source"));
        assertEquals("https://github.com/acme/labs/", check.outputs().get("trust"));
    }

    @Test
    void noInputCanPointLabsAtAnotherRepository() throws IOException {
        String workflow = Files.readString(WORKFLOW);
        Map<String, Map<String, Object>> inputs = Workflows.inputs(workflow, "workflow_call");
        assertFalse(inputs.containsKey("labs-repository"), inputs.keySet()::toString);
        Workflows.Step check = Workflows.step(WORKFLOW, "labs");
        assertTrue(check.run().contains("repository=$WORKFLOW_REPOSITORY\n"), check.run());
        assertEquals("${{ job.workflow_repository }}", check.env().get("WORKFLOW_REPOSITORY"));
        assertTrue(check.env().values().stream().filter(v -> v.contains("inputs."))
                .noneMatch(v -> v.contains("repositor")), check.env()::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "inputs.prefix          | Labs_JJ                          | Input prefix 'Labs_JJ' is not a labs prefix",
        "inputs.prefix          | labs-jj --force                  | Input prefix 'labs-jj --force' is not a labs prefix",
        "inputs.aws-region      | eu west 1                        | Input aws-region 'eu west 1' is not an AWS region",
        "inputs.role-to-assume  | github-actions-labs-deploy       | Input role-to-assume 'github-actions-labs-deploy' is not an IAM role ARN",
        "inputs.image           | repo:tag --force                 | Input image 'repo:tag --force' is not an image reference",
        "inputs.labs-version    | feature/faster                   | Input labs-version 'feature/faster' must be a commit, a tag or a branch without slashes",
        "inputs.python-version  | latest                           | Input python-version 'latest' is not a Python version",
    })
    void aBadInputIsRefusedInOneLineBeforeAnythingRuns(String input, String value, String message) throws Exception {
        context.put(input, value);
        Workflows.StepRun check = run("labs");
        assertEquals(2, check.exitCode(), check::toString);
        List<String> errors = check.log().lines().filter(l -> l.startsWith("::error")).toList();
        assertEquals(1, errors.size(), check::toString);
        assertTrue(errors.get(0).startsWith("::error title=labs deploy::" + message), check::toString);
        assertTrue(check.summary().startsWith("### labs deploy refused\n\n" + message), check::toString);
        assertFalse(check.outputs().containsKey("source"), check::toString);
    }

    @Test
    void withoutTheWorkflowsOriginLabsDoesNotRun() throws Exception {
        context.put("job.workflow_repository", "");
        context.put("job.workflow_sha", "");
        context.put("inputs.labs-version", "v1.2.0");
        Workflows.StepRun check = run("labs");
        assertEquals(2, check.exitCode(), check::toString);
        assertTrue(check.log().contains("labs deploys only from GitHub.com"), check::toString);
        assertFalse(check.outputs().containsKey("source"), check::toString);
    }

    @Test
    void aCopyOfTheWorkflowInTheApplicationRepositoryIsRefused() throws Exception {
        context.put("steps.labs.outputs.repository", "acme/app");
        Workflows.StepRun guard = run("source");
        assertEquals(2, guard.exitCode(), guard::toString);
        assertTrue(guard.log().contains("call it from the labs repository instead"), guard::toString);

        context.put("steps.labs.outputs.repository", "acme/labs");
        assertEquals(0, run("source").exitCode());
    }

    @Test
    void theSummaryStartsWithWhatIsDeployedWhereWithWhichLabs() throws Exception {
        context.putAll(Map.of("steps.labs.outputs.repository", "acme/labs", "steps.labs.outputs.version", LABS_COMMIT));
        Workflows.StepRun describe = run("describe");
        assertEquals(0, describe.exitCode(), describe::toString);
        assertEquals("## labs deploy: `labs-jj` in `eu-west-1`\n\n| | |\n| --- | --- |\n"
                + "| application | `acme/app` at commit `" + APP_COMMIT + "` |\n"
                + "| labs | `acme/labs` at `" + LABS_COMMIT + "` |\n"
                + "| image | built from the application's checkout |\n| migrations | not run |\n\n", describe.summary());

        context.put("inputs.image", "labs-jj-commcare-connect:1a2b3c4");
        context.put("inputs.run_migrations", "true");
        assertTrue(run("describe").summary().contains("| image | `labs-jj-commcare-connect:1a2b3c4` |\n| migrations | run before the rollout |"));
    }

    @Test
    void deployRunsTheAliasFromTheChosenSourceWithTheInputsAsArguments() throws Exception {
        fakeJBang("echo 'Rolling out web and worker' >&2\necho 'http://54.1.2.3:8000/'");
        context.put("inputs.run_migrations", "true");
        Workflows.StepRun deploy = runDeploy();
        assertEquals(0, deploy.exitCode(), deploy::toString);
        assertEquals(List.of("deploy@acme/labs/" + LABS_COMMIT, "--prefix", "labs-jj", "--region", "eu-west-1", "--migrate"),
                jbangArguments());
        assertTrue(deploy.log().contains("Rolling out web and worker"), deploy::toString);
    }

    @Test
    void anExistingImageIsPassedAsOneArgumentAndMigrationsOnlyWhenAsked() throws Exception {
        fakeJBang("echo 'http://54.1.2.3:8000/'");
        context.put("inputs.image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/labs-jj-commcare-connect:1a2b3c4");
        assertEquals(0, runDeploy().exitCode());
        assertEquals(List.of("deploy@acme/labs/" + LABS_COMMIT, "--prefix", "labs-jj", "--region", "eu-west-1",
                "--image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/labs-jj-commcare-connect:1a2b3c4"), jbangArguments());
    }

    @Test
    void aFailedDeployFailsTheStepWithItsExitCodeAndTheSummarySaysWhy() throws Exception {
        // as deploy does under GitHub Actions (DeployTest): its exit code as a step output
        fakeJBang("echo 'web: task stopped: Essential container in task exited (exit code 1)' >&2\n"
                + "echo exit-code=1 >> \"$GITHUB_OUTPUT\"\nexit 1");
        Workflows.StepRun deploy = runDeploy();
        assertEquals(1, deploy.exitCode(), deploy::toString);
        assertEquals(Map.of("exit-code", "1"), deploy.outputs());

        Workflows.StepRun report = report("success", "success", "failure", deploy.outputs());
        assertTrue(report.summary().startsWith("**Deploy failed.** The diagnosis above"), report::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2  | **Not deployed:** labs refused the configuration or the arguments",
        "'' | **Not deployed:** JBang could not run deploy: it did not trust the labs source (trusted: `https://github.com/acme/labs/`)",
        "1  | **Deploy failed.**",
        "130| **Deploy stopped** with exit code 130 (130: interrupted)",
    })
    void theSummaryExplainsEachWayDeployCanFail(String exitCode, String explanation) throws Exception {
        Workflows.StepRun report = report("success", "success", "failure", Map.of("exit-code", exitCode, "url", ""));
        assertEquals(0, report.exitCode(), report::toString);
        assertTrue(report.summary().startsWith(explanation), report::toString);
    }

    @Test
    void theSummaryNamesTheRoleAndTheRepositoryWhenCredentialsFail() throws Exception {
        Workflows.StepRun report = report("success", "failure", "skipped", Map.of());
        assertTrue(report.summary().contains("could not assume `arn:aws:iam::123456789012:role/github-actions-labs-deploy`"),
                report::toString);
        assertTrue(report.summary().contains("`jbang provision@labs --github-repo acme/app`"), report::toString);
        assertTrue(report.summary().contains("id-token: write"), report::toString);
    }

    @Test
    void theSummaryEndsWithTheUrlOfASuccessfulDeploy() throws Exception {
        Workflows.StepRun report = report("success", "success", "success", Map.of("exit-code", "0", "url", "http://54.1.2.3:8000/"));
        assertEquals("**Deployed.** The web service answers at http://54.1.2.3:8000/.\n", report.summary());
    }

    @Test
    void refusedInputsAreReportedOnceNotTwice() throws Exception {
        Workflows.StepRun report = report("failure", "skipped", "skipped", Map.of());
        assertEquals(0, report.exitCode(), report::toString);
        assertEquals("", report.summary());
    }

    @Test
    void theTrustStepTrustsExactlyTheLabsRepositoryInRealJBang() throws Exception {
        Path jbangDir = runner.resolve("jbang-dir");
        context.put("steps.labs.outputs.trust", "https://github.com/acme/labs/");
        Workflows.Step trust = Workflows.steps(WORKFLOW).stream().filter(s -> s.name().startsWith("Trust the labs repository"))
                .findFirst().orElseThrow();
        Path bin = Files.createDirectories(runner.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("jbang"), RealJBang.REPO.resolve("jbang"));
        Workflows.StepRun run = run(trust, Map.of("JBANG_DIR", jbangDir.toString(), "PATH", bin + ":" + System.getenv("PATH")));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.readString(jbangDir.resolve("trusted-sources.json")).contains("\"https://github.com/acme/labs/\""),
                Files.readString(jbangDir.resolve("trusted-sources.json")));
    }

    private Workflows.StepRun runDeploy() throws Exception {
        context.put("steps.labs.outputs.source", "acme/labs/" + LABS_COMMIT);
        return run("deploy");
    }

    private Workflows.StepRun report(String checked, String credentials, String deployed, Map<String, String> deployOutputs)
            throws Exception {
        context.putAll(Map.of("steps.labs.outcome", checked, "steps.source.outcome", checked.equals("success") ? "success" : "",
                "steps.aws.outcome", credentials, "steps.deploy.outcome", deployed,
                "steps.deploy.outputs.exit-code", deployOutputs.getOrDefault("exit-code", ""),
                "steps.deploy.outputs.url", deployOutputs.getOrDefault("url", ""),
                "steps.labs.outputs.trust", "https://github.com/acme/labs/"));
        return run("report");
    }

    private void fakeJBang(String body) throws IOException {
        Path bin = Files.createDirectories(runner.resolve("bin"));
        Path jbang = bin.resolve("jbang");
        Files.writeString(jbang, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"" + runner.resolve("jbang-arguments") + "\"\n"
                + body + "\n");
        Files.setPosixFilePermissions(jbang, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> jbangArguments() throws IOException {
        return Files.readAllLines(runner.resolve("jbang-arguments"));
    }

    private Workflows.StepRun run(String stepId) throws Exception {
        return run(Workflows.step(WORKFLOW, stepId),
                Map.of("PATH", runner.resolve("bin") + ":" + System.getenv("PATH")));
    }

    private Workflows.StepRun run(Workflows.Step step, Map<String, String> extraEnvironment) throws Exception {
        return Workflows.run(step, context, runner, extraEnvironment);
    }
}
