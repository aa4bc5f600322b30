import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** config: list, set, set --secret, unset; each change rolled out, kept by deploy, and no secret value shown anywhere. */
class ConfigCommandTest {
    private static final String SECRET = "tw1l10-s3cr3t-t0k3n";

    private final DefaultStack stack = DefaultStack.running();
    private final WebStub web = stack.serveWeb();
    private final FakeSecretsManager secrets = stack.secrets;

    @AfterEach
    void stopWeb() {
        web.close();
    }

    private Cli cli() {
        return stack.cli();
    }

    private Cli.Result run(String... args) {
        return cli().run(new ConfigCommand(), args);
    }

    private Cli.Result withStdin(String stdin, String... args) {
        Cli cli = cli();
        cli.stdin = stdin;
        return cli.run(new ConfigCommand(), args);
    }

    private ContainerDefinition newest(String service) {
        return stack.ecs.registered.stream().filter(r -> r.family().equals("labs-jj-" + service)).reduce((a, b) -> b).orElseThrow()
                .containerDefinitions().get(0);
    }

    private static Map<String, String> environment(ContainerDefinition container) {
        return container.environment().stream().collect(Collectors.toMap(p -> p.name(), p -> p.value()));
    }

    @Test
    void listsEachServicesEnvironmentWithSourcesAndSecretsWithoutValues() {
        Cli.Result result = run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().matches("(?s).*web +REDIS_URL +redis://labs-jj-redis:6379/0  \\(the task definition\\)\n.*"), result::toString);
        assertTrue(result.out().matches("(?s).*web +DJANGO_SECRET_KEY +\\(secret\\)  \\(labs, in labs-jj-django-secret-key, changed 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\n.*"),
                result::toString);
        assertTrue(result.out().contains("worker  DATABASE_URL"), result::toString);
        assertFalse(result.out().contains(DefaultStack.OLD_KEY) || result.out().contains(DefaultStack.OLD_PASSWORD), result::toString);
    }

    @Test
    void setRollsOutPlainValuesThatEveryLaterDeployKeeps() {
        Cli.Result set = run("set", "cid_client_id=abc", "DJANGO_DEBUG=False");
        assertEquals(0, set.exitCode(), set::toString);
        assertEquals("web: labs-jj-web:1 -> labs-jj-web:2\nworker: labs-jj-worker:1 -> labs-jj-worker:2\n", set.out());
        assertEquals(List.of("labs-jj-web labs-jj-web:2", "labs-jj-worker labs-jj-worker:2"), stack.updatedTaskDefinitions());
        assertTrue(set.err().contains("labs-jj-web runs labs-jj-web:2"), set::toString);
        assertEquals("abc", environment(newest("web")).get("cid_client_id"));

        Cli.Result deploy = cli().run(new Deploy(), "--image", "def5678");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        assertEquals("abc", environment(newest("web")).get("cid_client_id"));
        assertEquals("False", environment(newest("worker")).get("DJANGO_DEBUG"));
        assertEquals(DefaultStack.NEW_IMAGE, newest("web").image());

        Cli.Result list = run();
        assertTrue(list.out().matches("(?s).*web +cid_client_id +abc  \\(config set\\)\n.*"), list::toString);
        assertTrue(list.out().matches("(?s).*worker +CELERY_BROKER_URL +redis://labs-jj-redis:6379/0  \\(labs default\\)\n.*"), list::toString);
    }

    @Test
    void aSecretComesFromStdinIsStoredInAppSecretsAndNeverShown(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.md");
        Cli cli = cli().env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString());
        cli.stdin = SECRET + "\n";
        Cli.Result set = cli.run(new ConfigCommand(), "set", "--secret", "TWILIO_AUTH_TOKEN", "--json");
        assertEquals(0, set.exitCode(), set::toString);

        assertEquals("{\"TWILIO_AUTH_TOKEN\":\"" + SECRET + "\"}", secrets.value("labs-jj-app-secrets"), "the trailing newline is stripped");
        String arn = secrets.get("labs-jj-app-secrets").arn;
        for (String service : List.of("web", "worker")) {
            ContainerDefinition container = newest(service);
            assertTrue(container.secrets().stream().anyMatch(s -> s.name().equals("TWILIO_AUTH_TOKEN")
                    && s.valueFrom().equals(arn + ":TWILIO_AUTH_TOKEN::")), container::toString);
            assertFalse(environment(container).containsKey("TWILIO_AUTH_TOKEN"));
        }
        Cli.Result list = run("--json");
        assertTrue(list.out().contains("{\"service\":\"web\",\"name\":\"TWILIO_AUTH_TOKEN\",\"value\":null,\"secret\":true,"
                + "\"source\":\"config set --secret, in labs-jj-app-secrets (key TWILIO_AUTH_TOKEN)\",\"changed\":\"2026-"), list::toString);
        Cli.Result deploy = cli().run(new Deploy(), "--image", "def5678");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        assertTrue(newest("web").secrets().stream().anyMatch(s -> s.name().equals("TWILIO_AUTH_TOKEN")), "kept by deploy");

        String shown = set.out() + stderrWithoutMaskCommands(set) + Files.readString(summary) + list.out() + list.err() + deploy.out()
                + deploy.err();
        assertFalse(shown.contains(SECRET), shown);
        assertTrue(set.err().contains("::add-mask::" + SECRET), "GitHub Actions is told to mask it");
    }

    private static String stderrWithoutMaskCommands(Cli.Result result) {
        return result.err().lines().filter(l -> !l.startsWith("::add-mask::")).collect(Collectors.joining("\n"));
    }

    @Test
    void unsetRemovesAVariableAndADefaultStaysRemovedAcrossDeploys() {
        assertEquals(0, run("set", "FOO=1").exitCode());
        Cli.Result unset = run("unset", "FOO", "DJANGO_ALLOWED_CIDR_NETS");
        assertEquals(0, unset.exitCode(), unset::toString);
        assertFalse(environment(newest("web")).containsKey("FOO"));
        assertEquals(0, cli().run(new Deploy(), "--image", "def5678").exitCode());
        Map<String, String> environment = environment(newest("web"));
        assertFalse(environment.containsKey("DJANGO_ALLOWED_CIDR_NETS"), environment::toString);
        assertEquals("localhost,127.0.0.1", environment.get("DJANGO_ALLOWED_HOSTS"));
    }

    @Test
    void unsettingASecretRemovesItsKeyFromTheAppSecrets() {
        assertEquals(0, withStdin(SECRET, "set", "--secret", "A_TOKEN").exitCode());
        assertEquals(0, withStdin("other", "set", "--secret", "B_TOKEN").exitCode());
        Cli.Result unset = run("unset", "A_TOKEN");
        assertEquals(0, unset.exitCode(), unset::toString);
        assertEquals("{\"B_TOKEN\":\"other\"}", secrets.value("labs-jj-app-secrets"));
        assertTrue(newest("worker").secrets().stream().noneMatch(s -> s.name().equals("A_TOKEN")));
    }

    @Test
    void noRestartOnlyRecordsTheChangeAndTheNextDeployAppliesIt() {
        Cli.Result set = run("set", "FOO=1", "--no-restart", "--service", "web");
        assertEquals(0, set.exitCode(), set::toString);
        assertEquals("web: labs-jj-web:1 -> labs-jj-web:2 (applied at the next deploy)\n", set.out());
        assertTrue(stack.ecs.updates.isEmpty());
        assertTrue(run().err().contains("web: labs-jj-web:2 holds changes that the next deploy applies"));

        assertEquals(0, cli().run(new Deploy(), "--image", "def5678", "--services", "web").exitCode());
        ContainerDefinition deployed = newest("web");
        assertEquals("1", environment(deployed).get("FOO"));
        assertFalse(deployed.dockerLabels().containsKey("labs.pending-from"));
    }

    @Test
    void dryRunSaysWhatWouldChangeAndChangesNothing() {
        Cli.Result result = withStdin(SECRET, "set", "--secret", "TOKEN", "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("web: labs-jj-web:1 -> a new revision: set TOKEN (secret)\nworker: labs-jj-worker:1 -> a new revision: set TOKEN (secret)\n",
                result.out());
        assertTrue(stack.ecs.registered.isEmpty());
        assertFalse(secrets.secrets.containsKey("labs-jj-app-secrets"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"set NOEQUALS", "set 1BAD=x", "set BAD-NAME=x", "set --secret EMPTY", "set FOO=1 --service beat",
            "unset NOT_SET_ANYWHERE", "frobnicate", "set --secret X=inline", "set DATABASE_URL=postgres://x"})
    void badInputIsOneLineExit2AndChangesNothing(String args) {
        Cli.Result result = withStdin("", args.split(" "));
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("error: "), result::toString);
        assertEquals("", result.out());
        assertTrue(stack.ecs.registered.isEmpty());
        assertTrue(stack.ecs.updates.isEmpty());
        assertFalse(secrets.secrets.containsKey("labs-jj-app-secrets"));
    }

    @Test
    void rollbackRestoresTheOlderPlainValuesAndNamesTheDifferences() {
        assertEquals(0, run("set", "FOO=2").exitCode());
        Cli.Result rollback = cli().run(new Rollback(), "--services", "web");
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.err().contains("labs-jj-web: labs-jj-web:1 differs from the current configuration in FOO\n"),
                rollback::toString);
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:1"), stack.service("web").taskDefinition());
    }

    @Test
    void rollbackToARevisionThatNeedsAnUnsetSecretIsRefused() {
        assertEquals(0, withStdin(SECRET, "set", "--secret", "TOKEN").exitCode());
        assertEquals(0, run("set", "FOO=1").exitCode());
        assertEquals(0, run("unset", "TOKEN").exitCode());
        stack.ecs.updates.clear();
        Cli.Result rollback = cli().run(new Rollback(), "--to", "2");
        assertEquals(1, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.err().contains("error: labs-jj-web:2 refers to TOKEN in labs-jj-app-secrets, since removed with config unset"),
                rollback::toString);
        assertTrue(stack.ecs.updates.isEmpty());
    }

    @Test
    void aFailedChangeSaysWhyWithoutTheSecret() {
        secrets.faults.failOn("secretsmanager:CreateSecret", Faults.Mode.REJECTED);
        Cli.Result result = withStdin(SECRET, "set", "--secret", "TOKEN", "--json");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("error: "), result::toString);
        assertFalse(result.out().contains(SECRET) || result.err().contains(SECRET), result::toString);
        assertTrue(stack.ecs.registered.isEmpty(), "no revision refers to a secret that was not stored");
    }
}
