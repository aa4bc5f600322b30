import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.rds.model.Event;

class RotateSecretTest {
    private final RotationStack stack = new RotationStack();

    private FakeSecretsManager.Secret databaseUrl() {
        return stack.secrets.get(RotationStack.DATABASE_URL);
    }

    @Test
    void rotatesTheDatabasePasswordInRdsAndTheSecretThenRestartsBothServices() {
        String oldVersion = databaseUrl().withStage("AWSCURRENT").orElseThrow().id;
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);

        String password = stack.rdsPassword();
        assertNotEquals(RotationStack.OLD_PASSWORD, password);
        assertTrue(password.matches("[A-Za-z0-9._~-]{8,128}"), "not a URL-safe password RDS accepts");
        String current = stack.secrets.value(RotationStack.DATABASE_URL, "AWSCURRENT");
        assertEquals("postgres://labs:" + password + "@" + RotationStack.HOST + ":5432/connect?sslmode=require", current);
        assertEquals(oldVersion, databaseUrl().withStage("AWSPREVIOUS").orElseThrow().id);
        assertEquals(RotationStack.OLD_URL, stack.secrets.value(RotationStack.DATABASE_URL, "AWSPREVIOUS"));
        assertTrue(stack.rds.modifications.get(0).applyImmediately());
        assertEquals(List.of(List.of("web", "worker")), stack.restart.calls);
        stack.assertConsistent();
        stack.assertNoSecretInOutput();

        String newVersion = databaseUrl().withStage("AWSCURRENT").orElseThrow().id;
        assertTrue(result.out().startsWith("Rotated labs-jj-database-url: version " + newVersion + " is current (previous "
                + oldVersion + "); restarted labs-jj-web, labs-jj-worker; window "), result::toString);
        result.assertOutContains("from the change to the last old task stopping");
        result.assertErrContains("Stored the new DATABASE_URL as pending version " + newVersion);
    }

    @Test
    void underGitHubActionsEveryValueIsMaskedBeforeAnythingElseIsPrinted() {
        Cli.Result result = stack.run(new Cli().env("GITHUB_ACTIONS", "true"), "--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        String err = result.err();
        String newPassword = stack.rdsPassword();
        int masked = err.indexOf("::add-mask::" + newPassword + "\n");
        assertTrue(masked >= 0, err);
        assertTrue(masked < err.indexOf("Stored the new DATABASE_URL"), err);
        Output.assertContains(err, "::add-mask::" + RotationStack.OLD_PASSWORD + "\n",
                "::add-mask::" + stack.secrets.value(RotationStack.DATABASE_URL, "AWSCURRENT") + "\n");
        String withoutMaskCommands = err.lines().filter(l -> !l.startsWith("::add-mask::")).reduce("", (a, b) -> a + b + "\n");
        assertFalse(withoutMaskCommands.contains(newPassword) || withoutMaskCommands.contains(RotationStack.OLD_PASSWORD), err);
    }

    @Test
    void theWindowRunsFromThePasswordChangeToTheLastOldTaskStopping() {
        Instant before = stack.ticker.now();
        Cli.Result result = stack.run("--database-password", "--yes", "--json");
        assertEquals(0, result.exitCode(), result::toString);
        String json = result.out();
        assertTrue(json.startsWith("{\"secret\":\"labs-jj-database-url\",\"currentVersion\":\""), json);
        Output.assertContains(json, "\"services\":[\"labs-jj-web\",\"labs-jj-worker\"]");
        assertTrue(json.matches(".*\"windowSeconds\":[0-9]+}\n"), json);
        Instant changedAt = Instant.parse(json.replaceAll(".*\"changedAt\":\"([^\"]+)\".*\n", "$1"));
        Instant lastStopped = Instant.parse(json.replaceAll(".*\"lastOldTaskStoppedAt\":\"([^\"]+)\".*\n", "$1"));
        assertFalse(changedAt.isBefore(before));
        assertFalse(lastStopped.isBefore(changedAt));
    }

    @Test
    void dryRunListsTheStepsAndChangesNothing() {
        Cli.Result result = stack.run("--database-password", "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        String out = result.out();
        assertTrue(out.startsWith("Rotate the master password of RDS instance labs-jj-postgres and DATABASE_URL in labs-jj-database-url:\n"), out);
        Output.assertContains(out, "1. Generate a new password (40 URL-safe characters) and store DATABASE_URL with it (same user labs",
                "3. Change the master password of labs-jj-postgres (ModifyDBInstance, apply immediately)",
                "4. Promote the pending version to AWSCURRENT",
                "5. Force a new deployment of labs-jj-web and labs-jj-worker and wait until both are stable");
        result.assertErrContains("Dry run, nothing changed.");
        assertNothingChanged();
    }

    @Test
    void dryRunWithJsonGivesTheStepsAsJson() {
        Cli.Result result = stack.run("--django-secret-key", "--dry-run", "--json");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("{\"title\":\"Rotate the Django secret key in labs-jj-django-secret-key\","
                + "\"steps\":[\"Generate a new key (50 random characters)"), result::toString);
        result.assertOutContains("\"warnings\":[\"Sessions and signed values");
        assertEquals(1, result.out().lines().count());
    }

    @Test
    void withoutYesAndWithoutATerminalItRefusesWithUsageError() {
        Cli.Result result = stack.run("--database-password");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("pass --yes");
        assertNothingChanged();
    }

    @Test
    void onATerminalItAsksAndOnlyYesGoesAhead() {
        Cli declining = new Cli();
        declining.terminal = true;
        declining.stdin = "n\n";
        Cli.Result declined = stack.run(declining, "--database-password");
        assertEquals(1, declined.exitCode(), declined::toString);
        declined.assertErrContains("Proceed? [y/N] ",
                "Cancelled; nothing changed.");
        assertNothingChanged();

        Cli accepting = new Cli();
        accepting.terminal = true;
        accepting.stdin = "y\n";
        Cli.Result accepted = stack.run(accepting, "--database-password");
        assertEquals(0, accepted.exitCode(), accepted::toString);
        assertNotEquals(RotationStack.OLD_PASSWORD, stack.rdsPassword());
        stack.assertConsistent();
    }

    @Test
    void refusesWhenRdsManagesTheMasterPassword() {
        stack.rds.managedPassword(RotationStack.DB);
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("RDS manages the master password of labs-jj-postgres itself (ManageMasterUserPassword");
        assertNothingChanged();
    }

    @Test
    void refusesWhenTheAppDoesNotConnectAsTheMasterUser() {
        stack.secrets.secret(RotationStack.DATABASE_URL, "postgres://app:pw@" + RotationStack.HOST + ":5432/connect");
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("DATABASE_URL connects as 'app', not as the master user 'labs' of labs-jj-postgres");
        assertEquals(RotationStack.OLD_PASSWORD, stack.rdsPassword());
    }

    @Test
    void refusesASecretThatIsNotAPostgresUrlWithoutShowingIt() {
        stack.secrets.secret(RotationStack.DATABASE_URL, "{\"password\":\"s3cr3t-value\"}");
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("is not a PostgreSQL URL of the form postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        assertFalse(result.err().contains("s3cr3t-value"), result::toString);
    }

    @Test
    void refusesASecretThatARotationLambdaOwns() {
        databaseUrl().rotationEnabled = true;
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("has automatic rotation turned on");
        assertNothingChanged();
    }

    @Test
    void aMissingSecretIsNamedWithItsPrefix() {
        stack.secrets.secrets.remove(RotationStack.DATABASE_URL);
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("Secret 'labs-jj-database-url' not found in eu-west-1 (prefix 'labs-jj' from the default)");
    }

    @Test
    void aLeftoverPendingVersionThatNeverReachedRdsIsReplaced() {
        String leftover = leftoverPending("postgres://labs:never-sent-1@" + RotationStack.HOST + ":5432/connect");
        Cli.Result dryRun = stack.run("--database-password", "--dry-run");
        assertTrue(dryRun.out().contains("1. Replace the leftover pending version " + leftover + ": no labs tag names it and RDS "
                + "records no master password change since it was created"), dryRun::toString);

        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertNotEquals("never-sent-1", stack.rdsPassword());
        RotationStack.assertNoLabel(databaseUrl(), leftover);
        stack.assertConsistent();
    }

    @Test
    void aPendingVersionFollowedByAPasswordResetInRdsIsFinishedNotReplaced() {
        String pending = leftoverPending("postgres://labs:sent-by-hand-1@" + RotationStack.HOST + ":5432/connect");
        stack.rds.password(RotationStack.DB, "sent-by-hand-1");
        stack.rds.events.add(Event.builder().sourceIdentifier(RotationStack.DB).sourceType("db-instance")
                .date(Instant.now()).eventCategories("configuration change").message("Reset master credentials.").build());
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Finishing the interrupted rotation with pending version " + pending + ": RDS reset the "
                + "master credentials at"), result::toString);
        assertEquals("sent-by-hand-1", stack.rdsPassword());
        assertEquals(pending, databaseUrl().withStage("AWSCURRENT").orElseThrow().id);
        stack.assertConsistent();
    }

    @Test
    void aPendingVersionOlderThanRdsEventHistoryIsFinishedSinceAbsenceCannotBeShown() {
        String pending = leftoverPending("postgres://labs:old-pending-1@" + RotationStack.HOST + ":5432/connect");
        FakeSecretsManager.Version version = databaseUrl().versions.remove(pending);
        FakeSecretsManager.Version aged = new FakeSecretsManager.Version(pending, version.value,
                stack.ticker.now().minus(java.time.Duration.ofDays(15)));
        aged.stages.addAll(version.stages);
        databaseUrl().versions.put(pending, aged);
        Cli.Result result = stack.run("--database-password", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("it is older than the 14 days of events RDS keeps");
        assertEquals("old-pending-1", stack.rdsPassword());
        stack.assertConsistent();
    }

    @Test
    void theDjangoKeyRotationStoresANewCurrentKeyAndWarnsThatSessionsEnd() {
        String oldVersion = stack.secrets.get(RotationStack.DJANGO_KEY).withStage("AWSCURRENT").orElseThrow().id;
        Cli.Result result = stack.run("--django-secret-key", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        String key = stack.secrets.value(RotationStack.DJANGO_KEY, "AWSCURRENT");
        assertNotEquals(RotationStack.OLD_KEY, key);
        assertEquals(50, key.length());
        assertFalse(key.startsWith("$"));
        assertEquals(RotationStack.OLD_KEY, stack.secrets.value(RotationStack.DJANGO_KEY, "AWSPREVIOUS"));
        result.assertErrContains("warning: Sessions and signed values",
                "users are logged out");
        assertTrue(result.out().startsWith("Rotated labs-jj-django-secret-key: version "), result::toString);
        result.assertOutContains("(previous " + oldVersion + ")");
        for (var task : stack.runningTasks()) {
            assertEquals(key, stack.secretsOfTask.get(task.taskArn()).get(RotationStack.DJANGO_KEY));
        }
        assertEquals(RotationStack.OLD_PASSWORD, stack.rdsPassword());
        stack.assertNoSecretInOutput();
    }

    @Test
    void noSessionWarningWhenBothServicesReadThePreviousKeyAsFallback() {
        String arn = stack.secrets.get(RotationStack.DJANGO_KEY).arn;
        withSecret(stack.web, "DJANGO_SECRET_KEY_FALLBACKS", arn + "::AWSPREVIOUS:");
        withSecret(stack.worker, "DJANGO_SECRET_KEY_FALLBACKS", arn + "::AWSPREVIOUS:");
        Cli.Result result = stack.run("--django-secret-key", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.err().contains("warning:"), result::toString);
    }

    @Test
    void theWarningNamesTheServiceThatLacksTheFallback() {
        String arn = stack.secrets.get(RotationStack.DJANGO_KEY).arn;
        withSecret(stack.web, "DJANGO_SECRET_KEY_FALLBACKS", arn + "::AWSPREVIOUS:");
        withSecret(stack.worker, "DJANGO_SECRET_KEY", arn);
        Cli.Result result = stack.run("--django-secret-key", "--dry-run");
        result.assertErrContains("become invalid once labs-jj-worker restart");
        assertEquals(RotationStack.OLD_KEY, stack.secrets.value(RotationStack.DJANGO_KEY, "AWSCURRENT"));
    }

    @Test
    void aFailedRestartSaysTheRotationIsDoneAndRestartOnlyFinishesIt() {
        stack.restart.failure = "task 1a2b stopped: EssentialContainerExited, container web exit code 1";
        Cli.Result failed = stack.run("--database-password", "--yes");
        assertEquals(1, failed.exitCode(), failed::toString);
        assertTrue(failed.err().contains("The restart did not finish: task 1a2b stopped: EssentialContainerExited, container "
                + "web exit code 1. The password rotation itself is complete"), failed::toString);
        failed.assertErrContains("Tasks from before the restart still run",
                "run rotate-secret --restart-only");
        assertEquals(stack.rdsPassword(), stack.currentPassword());

        stack.restart.failure = null;
        Cli.Result restarted = stack.run("--restart-only", "--yes");
        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertTrue(restarted.out().startsWith("Restarted labs-jj-web, labs-jj-worker"), restarted::toString);
        stack.assertConsistent();
    }

    @Test
    void aDjangoKeyThatCannotBeStoredChangesNothing() {
        stack.faults.failOn("secretsmanager:PutSecretValue", Faults.Mode.REJECTED);
        Cli.Result result = stack.run("--django-secret-key", "--yes");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("Nothing changed: the current key of labs-jj-django-secret-key is still version");
        assertEquals(RotationStack.OLD_KEY, stack.secrets.value(RotationStack.DJANGO_KEY, "AWSCURRENT"));
        assertTrue(stack.restart.calls.isEmpty());
    }

    @Test
    void aDjangoKeyStoredButAnsweredWithALostConnectionCountsAsStored() {
        stack.faults.failOn("secretsmanager:PutSecretValue", Faults.Mode.ERROR_AFTER);
        Cli.Result result = stack.run("--django-secret-key", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        String key = stack.secrets.value(RotationStack.DJANGO_KEY, "AWSCURRENT");
        assertNotEquals(RotationStack.OLD_KEY, key);
        stack.runningTasks().forEach(t -> assertEquals(key, stack.secretsOfTask.get(t.taskArn()).get(RotationStack.DJANGO_KEY)));
    }

    @Test
    void aDjangoKeyRestartThatFailsSaysTheKeyIsCurrent() {
        stack.restart.failure = "labs-jj-web: deployment ecs-svc/2 failed: tasks failed to start";
        Cli.Result result = stack.run("--django-secret-key", "--yes");
        assertEquals(1, result.exitCode(), result::toString);
        String version = stack.secrets.get(RotationStack.DJANGO_KEY).withStage("AWSCURRENT").orElseThrow().id;
        assertTrue(result.err().contains("The restart did not finish: labs-jj-web: deployment ecs-svc/2 failed: tasks failed "
                + "to start. The new key (version " + version + ") is current in labs-jj-django-secret-key"), result::toString);
        result.assertErrContains("run rotate-secret --restart-only");
    }

    @Test
    void exactlyOneTargetIsRequired() {
        Cli.Result none = stack.run("--yes");
        assertEquals(2, none.exitCode(), none::toString);
        Cli.Result both = stack.run("--database-password", "--django-secret-key", "--yes");
        assertEquals(2, both.exitCode(), both::toString);
        both.assertErrContains("mutually exclusive");
    }

    private String leftoverPending(String url) {
        FakeSecretsManager.Secret secret = databaseUrl();
        FakeSecretsManager.Version version = new FakeSecretsManager.Version("leftover-" + secret.versions.size(), url,
                Instant.now().minusSeconds(3600));
        version.stages.add("AWSPENDING");
        secret.versions.put(version.id, version);
        return version.id;
    }

    private void withSecret(TaskDefinition definition, String name, String valueFrom) {
        List<TaskDefinition> revisions = stack.ecs.taskDefinitions.get(definition.family());
        TaskDefinition current = revisions.get(revisions.size() - 1);
        ContainerDefinition container = current.containerDefinitions().get(0);
        revisions.set(revisions.size() - 1, current.toBuilder().containerDefinitions(container.toBuilder()
                .secrets(Secret.builder().name(name).valueFrom(valueFrom).build()).build()).build());
    }

    private void assertNothingChanged() {
        assertEquals(RotationStack.OLD_PASSWORD, stack.rdsPassword());
        assertEquals(RotationStack.OLD_URL, stack.secrets.value(RotationStack.DATABASE_URL, "AWSCURRENT"));
        assertEquals(1, databaseUrl().versions.size());
        assertTrue(stack.rds.modifications.isEmpty());
        assertTrue(stack.restart.calls.isEmpty());
        assertNotNull(stack.rds.instances.get(RotationStack.DB).tagList());
        assertTrue(stack.rds.instances.get(RotationStack.DB).tagList().isEmpty());
    }
}
