import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;

class DeployTest {
    /** The defaults that the hand-built revisions lack, which the first deploy adds. */
    private static final String NEW_DEFAULTS = "CELERY_BROKER_URL, DJANGO_ALLOWED_CIDR_NETS, DJANGO_ALLOWED_HOSTS";

    private final DefaultStack stack = DefaultStack.running();
    private final WebStub web = stack.serveWeb();

    @org.junit.jupiter.api.AfterEach
    void stopWeb() {
        web.close();
    }

    private static Deployment primary(software.amazon.awssdk.services.ecs.model.Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow();
    }

    @Test
    void movesBothServicesToTheImageAndPrintsOnlyTheUrl() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(stack.webUrl() + "\n", result.out(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:2", "labs-jj-worker labs-jj-worker:2"), stack.updatedTaskDefinitions());
        for (String service : List.of("web", "worker")) {
            Deployment primary = primary(stack.service(service));
            assertEquals(FakeEcs.arn("task-definition/labs-jj-" + service + ":2"), primary.taskDefinition());
            assertEquals("COMPLETED", primary.rolloutStateAsString());
            assertEquals(DefaultStack.NEW_IMAGE, stack.ecs.registered.stream().filter(r -> r.family().endsWith(service))
                    .findFirst().orElseThrow().containerDefinitions().get(0).image());
        }
        result.assertErrContains("labs-jj-web: labs-jj-web:2 PRIMARY IN_PROGRESS, running 0/1",
                "has reached a steady state.",
                "labs-jj-web runs labs-jj-web:2",
                "labs-jj-worker runs labs-jj-worker:2");
    }

    @Test
    void pollsOftenEnoughToReturnWithinTenSecondsOfTheOutcome() {
        stack.cli().run(new Deploy(), "--image", "def5678");
        assertFalse(stack.ticker.sleeps.isEmpty());
        assertTrue(stack.ticker.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(10)) < 0), stack.ticker.sleeps::toString);
        assertFalse(stack.ecs.calls.contains("DescribeServices") && stack.ecs.calls.stream().noneMatch("ListTasks"::equals));
    }

    @Test
    void aFullImageUriFromTheStacksRepositoryIsCheckedAndUsedAsIs() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", DefaultStack.NEW_IMAGE, "--services", "web");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:2"), stack.updatedTaskDefinitions());
        assertEquals(DefaultStack.NEW_IMAGE, stack.ecs.registered.get(0).containerDefinitions().get(0).image());
    }

    @Test
    void aTagTheRepositoryLacksIsRefusedBeforeAnythingChanges() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "nope123");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("Image " + FakeEcr.REGISTRY + "/labs-jj-commcare-connect:nope123 not found in the ECR repository");
        assertTrue(stack.ecs.registered.isEmpty());
        assertTrue(stack.ecs.updates.isEmpty());
        assertEquals("", result.out());
    }

    @Test
    void anImageOutsideEcrIsDeployedWithAWarningThatItWasNotChecked() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "ghcr.io/dimagi/commcare-connect:1.2", "--services", "worker");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("warning: ghcr.io/dimagi/commcare-connect:1.2 is not in this region's ECR");
        assertEquals("ghcr.io/dimagi/commcare-connect:1.2", stack.ecs.registered.get(0).containerDefinitions().get(0).image());
    }

    @Test
    void dryRunPrintsTheTaskDefinitionChangePerServiceAndChangesNothing() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--dry-run", "--migrate");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
                "labs-jj-web: labs-jj-web:1 -> a new revision of labs-jj-web, container web image " + DefaultStack.OLD_IMAGE
                        + " -> " + DefaultStack.NEW_IMAGE + ", environment: " + NEW_DEFAULTS,
                "labs-jj-worker: labs-jj-worker:1 -> a new revision of labs-jj-worker, container worker image " + DefaultStack.OLD_IMAGE
                        + " -> " + DefaultStack.NEW_IMAGE + ", environment: " + NEW_DEFAULTS,
                "before that: run `/migrate` in a one-off task of the new web revision; stop if it fails"),
                result.out().lines().toList());
        assertTrue(stack.ecs.registered.isEmpty());
        assertTrue(stack.ecs.updates.isEmpty());
        assertTrue(stack.ecs.runs.isEmpty());
    }

    @Test
    void refusesWhileAnotherDeploymentIsInProgressUnlessForced() {
        stack.ecs.updateService(r -> r.cluster(DefaultStack.CLUSTER).service("labs-jj-web").forceNewDeployment(true));
        stack.ecs.updates.clear();

        Cli.Result refused = stack.cli().run(new Deploy(), "--image", "def5678");
        assertEquals(1, refused.exitCode(), refused::toString);
        refused.assertErrContains("A deployment of labs-jj-web is in progress (ecs-svc/101 to labs-jj-web:1, rollout IN_PROGRESS",
                "pass --force");
        assertTrue(stack.ecs.registered.isEmpty());

        Cli.Result forced = stack.cli().run(new Deploy(), "--image", "def5678", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), primary(stack.service("web")).taskDefinition());
    }

    @Test
    void aServiceAtZeroIsBroughtToItsConfiguredCount() {
        stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-web", s -> s.desiredCount(0)
                .deployments(primary(s.build()).toBuilder().desiredCount(0).runningCount(0).build()));
        stack.ecs.tasks.clear();

        Cli.Result result = stack.cli().env("LABS_WEB_DESIRED_COUNT", "2").run(new Deploy(), "--image", "def5678", "--services", "web");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, stack.ecs.updates.get(0).desiredCount());
        assertEquals(2, primary(stack.service("web")).runningCount());
        result.assertErrContains("desired count 0 -> 2");
    }

    @Test
    void aBadDesiredCountSettingIsAConfigurationError() {
        stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-web", s -> s.desiredCount(0));
        Cli.Result result = stack.cli().env("LABS_WEB_DESIRED_COUNT", "none").run(new Deploy(), "--image", "def5678", "--dry-run");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("labs.web.desired-count must be a number of tasks");
    }

    @Test
    void aCrashLoopIsRolledBackByDeployItselfAndDiagnosed() {
        String[] lines = IntStream.rangeClosed(1, 40).mapToObj(i -> "boot line " + i).toArray(String[]::new);
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.exits(3, lines));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web");

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(List.of("labs-jj-web labs-jj-web:2", "labs-jj-web labs-jj-web:1"), stack.updatedTaskDefinitions());
        Deployment primary = primary(stack.service("web"));
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:1"), primary.taskDefinition());
        assertEquals("COMPLETED", primary.rolloutStateAsString());
        assertTrue(stack.service("web").deployments().stream().noneMatch(d -> "FAILED".equals(d.rolloutStateAsString())),
                "labs rolled back before the circuit breaker acted");
        String err = result.err();
        Output.assertContains(err, "2 tasks of labs-jj-web:2 stopped with an error (crash loop)",
                "Rolling labs-jj-web back to labs-jj-web:1",
                "stopped at 2026-11-26T10:00:",
                ": Essential container in task exited (EssentialContainerExited)",
                "container web: exit code 3",
                "last 30 log lines of web (/ecs/labs-jj-web ecs/web/",
                "| boot line 40",
                "| boot line 11\n");
        assertFalse(err.contains("| boot line 10\n"), err);
        Output.assertContains(err, "labs-jj-web is back on labs-jj-web:1");
        assertTrue(err.lines().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElseThrow()
                .contains("crash loop) ; rolled back to labs-jj-web:1".replace(" ;", ";")), err);
    }

    @Test
    void spotInterruptionsDuringARolloutAreNamedAndAreNoCrashLoop() {
        stack.onSpot();
        stack.ecs.spotInterruptions.put(DefaultStack.NEW_IMAGE, 2);

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:2"), stack.updatedTaskDefinitions(), "no rollback");
        long interrupted = stack.ecs.tasks.values().stream().filter(Diagnosis::spotInterrupted).count();
        assertEquals(2, interrupted);
        result.assertErrContains("of labs-jj-web was interrupted by Fargate Spot (not a crash: ECS starts another)",
                "labs-jj-web runs labs-jj-web:2");
        assertFalse(result.err().contains("crash loop"), result::toString);
    }

    @Test
    void aDeploymentThatSpotKeepsInterruptingIsDiagnosedAsSuchWhenItTimesOut() {
        stack.onSpot();
        stack.ecs.spotInterruptions.put(DefaultStack.NEW_IMAGE, 1000);

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web", "--timeout", "1m");

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("of labs-jj-web's deployment ecs-svc/101 interrupted by Fargate Spot (not crashes):",
                "interrupted by Fargate Spot, AWS took the capacity back (not a crash): Your Spot Task was interrupted. (SpotInterruption)",
                "gave up after 1m");
        assertFalse(result.err().contains("crash loop"), result::toString);
    }

    @Test
    void aCircuitBreakerRollbackIsAFailureThoughTheServiceIsStableAgain() {
        stack.ecs.circuitBreakerThreshold = 1;
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.exits(1, "ImportError: no module named foo"));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web");

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("failed and ECS rolled it back: ECS deployment circuit breaker: tasks failed to start."
                + "; the service now runs labs-jj-web:1"), result::toString);
        result.assertErrContains("| ImportError: no module named foo");
        assertEquals(List.of("labs-jj-web labs-jj-web:2"), stack.updatedTaskDefinitions(), "labs did not roll back a second time");
    }

    @Test
    void tasksThatCannotStartAreReportedWithTheirStoppedReason() {
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.failsToStart(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s)"));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "worker");

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains(": CannotPullContainerError: pull image manifest has been retried 5 time(s) (TaskFailedToStart)",
                "container worker: no exit code (never ran)",
                "no log lines in /ecs/labs-jj-worker");
        assertEquals(FakeEcs.arn("task-definition/labs-jj-worker:1"), primary(stack.service("worker")).taskDefinition());
    }

    @Test
    void givesUpAfterTheTimeoutWithTheStateAndTheNewestEvents() {
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.staysPending());

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web", "--timeout", "2m");

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("gave up after 2m00s (--timeout): labs-jj-web:2 PRIMARY IN_PROGRESS, running 0/1, pending 1",
                "newest service events:");
        assertTrue(stack.ticker.slept().compareTo(Duration.ofMinutes(2)) >= 0
                && stack.ticker.slept().compareTo(Duration.ofMinutes(2).plusSeconds(10)) < 0, stack.ticker.slept()::toString);
        assertTrue(result.err().contains("(1m05s)"), "progress repeats while nothing changes: " + result.err());
    }

    @Test
    void migrateFirstRunsTheMigrationWithTheNewRevision() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(0, "Operations to perform:", "Applying opportunity.0042_x... OK"));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--migrate");

        assertEquals(0, result.exitCode(), result::toString);
        RunTaskRequest run = stack.ecs.runs.get(0);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), run.taskDefinition());
        assertEquals(List.of("/migrate"), run.overrides().containerOverrides().get(0).command());
        assertEquals(AssignPublicIp.ENABLED, run.networkConfiguration().awsvpcConfiguration().assignPublicIp());
        result.assertErrContains("| Applying opportunity.0042_x... OK");
        assertFalse(result.out().contains("Applying"), "the migration's log is progress here, stdout is the URL");
        assertTrue(stack.ecs.calls.indexOf("RunTask") < stack.ecs.calls.indexOf("UpdateService"));
    }

    @Test
    void aFailedMigrationStopsTheDeployBeforeAnyServiceChanges() {
        stack.ecs.oneOffRuns.add(FakeEcs.Behaviour.exits(1, "django.db.utils.ProgrammingError: relation exists"));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--migrate");

        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("The migration exited with code 1: deploy stopped before updating any service");
        assertTrue(stack.ecs.updates.isEmpty());
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:1"), stack.service("web").taskDefinition());
    }

    @Test
    void migrateWithoutWebInTheServicesRegistersAWebRevisionForTheMigrationOnly() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--migrate", "--services", "worker");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), stack.ecs.runs.get(0).taskDefinition());
        assertEquals(List.of("labs-jj-worker labs-jj-worker:2"), stack.updatedTaskDefinitions());
    }

    @Test
    void jsonNamesTheRevisionsAndTheUrlAndGithubActionsGetsAStepSummary() throws Exception {
        java.nio.file.Path summary = java.nio.file.Files.createTempFile("step-summary", ".md");
        Cli.Result result = stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString())
                .run(new Deploy(), "--image", "def5678", "--json");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().matches("\\{\"web\":\"labs-jj-web:2\",\"worker\":\"labs-jj-worker:2\",\"url\":\"" + stack.webUrl()
                + "\",\"smokeCheck\":\\{\"url\":\"" + stack.webUrl() + "\",\"status\":200,\"millis\":\\d+}}\n"), result::toString);
        String markdown = java.nio.file.Files.readString(summary);
        assertTrue(markdown.startsWith("### Deployed `" + DefaultStack.NEW_IMAGE + "`\n- labs-jj-web:2\n- labs-jj-worker:2\n- http://"), markdown);
        java.nio.file.Files.delete(summary);
    }

    @Test
    void underGithubActionsTheDiagnosisOfAFailedDeployIsInTheStepSummaryToo() throws Exception {
        java.nio.file.Path summary = java.nio.file.Files.createTempFile("step-summary", ".md");
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.exits(3, "ImportError: no module named foo"));
        Cli.Result result = stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString())
                .run(new Deploy(), "--image", "def5678", "--services", "web");
        assertEquals(1, result.exitCode(), result::toString);
        String markdown = java.nio.file.Files.readString(summary);
        java.nio.file.Files.delete(summary);
        Output.assertContains(markdown, "````text\nTask ",
                ": Essential container in task exited (EssentialContainerExited)\n  container web: exit code 3\n",
                "    | ImportError: no module named foo\n",
                "**labs deploy failed:** ");
    }

    @Test
    void underGithubActionsDeploySetsItsStepOutputsUrlAndExitCode() throws Exception {
        java.nio.file.Path outputs = java.nio.file.Files.createTempFile("step-outputs", ".txt");
        Cli.Result result = stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_OUTPUT", outputs.toString())
                .run(new Deploy(), "--image", "def5678");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("url=" + stack.webUrl(), "exit-code=0"), java.nio.file.Files.readAllLines(outputs));

        java.nio.file.Files.writeString(outputs, "");
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.exits(3, "ImportError: no module named foo"));
        assertEquals(1, stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_OUTPUT", outputs.toString())
                .run(new Deploy(), "--image", "def5678", "--services", "web").exitCode());
        assertEquals(List.of("exit-code=1"), java.nio.file.Files.readAllLines(outputs));

        java.nio.file.Files.writeString(outputs, "");
        assertEquals(2, stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_OUTPUT", outputs.toString())
                .run(new Deploy(), "--services", "beat").exitCode());
        assertEquals(List.of("exit-code=2"), java.nio.file.Files.readAllLines(outputs));
        java.nio.file.Files.delete(outputs);
    }

    @Test
    void ctrlCWhileWaitingStopsWatchingWithExitCode130() {
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.staysPending());
        stack.ticker.interruptAtSleep(2);

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");

        assertEquals(LabsException.INTERRUPTED, result.exitCode(), result::toString);
        result.assertErrContains("Stopped waiting (Ctrl-C): ECS carries on with labs-jj-web and labs-jj-worker");
        assertEquals(2, stack.ticker.sleeps.size());
    }

    @Test
    void anUnknownServiceIsAUsageError() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "web,beat");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("--services takes web and/or worker, not 'beat'");
    }

    private java.util.Map<String, String> registeredEnvironment(String family) {
        return stack.ecs.registered.stream().filter(r -> r.family().equals(family)).reduce((a, b) -> b).orElseThrow()
                .containerDefinitions().get(0).environment().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p.name(), p -> p.value()));
    }

    @Test
    void deployAddsTheMissingDjangoAndCeleryDefaultsAndKeepsWhatTheRevisionHad() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "worker");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(java.util.Map.of("DJANGO_SETTINGS_MODULE", "config.settings.staging", "REDIS_URL", "redis://labs-jj-redis:6379/0",
                "CELERY_BROKER_URL", "redis://labs-jj-redis:6379/0", "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1",
                "DJANGO_ALLOWED_CIDR_NETS", "0.0.0.0/0"), registeredEnvironment("labs-jj-worker"));
    }

    @Test
    void everyDeployAppliesTheAppsLabsPropertiesWithPlaceholdersAndDropsEntriesRemovedThere() throws Exception {
        java.nio.file.Path app = java.nio.file.Files.createTempDirectory("app");
        java.nio.file.Path file = app.resolve("labs.properties");
        java.nio.file.Files.writeString(file, "env.CACHE_URL=${redis.url}\nenv.DJANGO_ALLOWED_HOSTS=example.org\nenv.cid_client_id=abc\n");
        Cli.Result first = stack.cli().in(app).run(new Deploy(), "--image", "def5678", "--services", "worker");
        assertEquals(0, first.exitCode(), first::toString);
        java.util.Map<String, String> environment = registeredEnvironment("labs-jj-worker");
        assertEquals("redis://labs-jj-redis:6379/0", environment.get("CACHE_URL"));
        assertEquals("example.org", environment.get("DJANGO_ALLOWED_HOSTS"));
        assertEquals("abc", environment.get("cid_client_id"));

        java.nio.file.Files.writeString(file, "env.cid_client_id=def\n");
        Cli.Result second = stack.cli().in(app).run(new Deploy(), "--image", "abc1234", "--services", "worker");
        assertEquals(0, second.exitCode(), second::toString);
        environment = registeredEnvironment("labs-jj-worker");
        assertEquals("def", environment.get("cid_client_id"));
        assertFalse(environment.containsKey("CACHE_URL"), environment::toString);
        assertEquals("localhost,127.0.0.1", environment.get("DJANGO_ALLOWED_HOSTS"), "the default is back");

        java.nio.file.Files.writeString(file, "labs.prefix=labs-jj\n");
        assertEquals(0, stack.cli().in(app).run(new Deploy(), "--image", "def5678", "--services", "worker").exitCode());
        assertFalse(registeredEnvironment("labs-jj-worker").containsKey("cid_client_id"), "the last env line removed");
        java.nio.file.Files.writeString(file, "env.cid_client_id=def\n");
        assertEquals(0, stack.cli().in(app).run(new Deploy(), "--image", "abc1234", "--services", "worker").exitCode());

        Cli.Result elsewhere = stack.cli().run(new Deploy(), "--image", "def5678", "--services", "worker");
        assertEquals(0, elsewhere.exitCode(), elsewhere::toString);
        assertEquals("def", registeredEnvironment("labs-jj-worker").get("cid_client_id"),
                "a run without labs.properties keeps what the app's file set last");
    }

    @Test
    void theWebGetsTheConfiguredHttpHealthCheckAndTheWorkerNone() {
        Cli.Result result = stack.cli().env("LABS_WEB_HEALTH_PATH", "/health/").run(new Deploy(), "--image", "def5678");
        assertEquals(0, result.exitCode(), result::toString);
        var container = stack.ecs.registered.stream().filter(r -> r.family().equals("labs-jj-web")).findFirst().orElseThrow()
                .containerDefinitions().get(0);
        assertEquals(List.of("CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:"
                + web.port() + "/health/', timeout=4)\""), container.healthCheck().command(), container::toString);
        assertEquals(null, stack.ecs.registered.stream().filter(r -> r.family().equals("labs-jj-worker")).findFirst().orElseThrow()
                .containerDefinitions().get(0).healthCheck());
    }
}
