import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * --database-password, following the Secrets Manager rotation protocol: the new DATABASE_URL is
 * stored as AWSPENDING before RDS gets its password, and becomes AWSCURRENT only once RDS has
 * applied it; so the password RDS holds is always in the secret, as the current or the pending version.
 */
final class DatabasePasswordRotation implements Rotation {
    private final LabsOptions labs;
    private final SecretsManager.Secret secret;
    private final RdsMasterPassword rds;
    private final SecretRestart restart;
    private RdsMasterPassword.Instance instance;
    private SecretsManager.Version current;
    private DatabaseUrl currentUrl;
    private DatabaseUrl pendingUrl;
    private PasswordDecision decision;

    DatabasePasswordRotation(LabsOptions labs, SecretsManager.Secret secret, RdsMasterPassword rds, SecretRestart restart) {
        this.labs = labs;
        this.secret = secret;
        this.rds = rds;
        this.restart = restart;
    }

    @Override
    public RotationPlan plan() {
        instance = rds.describe();
        if (instance.managedSecretArn() != null) {
            throw LabsException.usage("RDS manages the master password of " + instance.id() + " itself "
                    + "(ManageMasterUserPassword, secret " + instance.managedSecretArn() + "): rotate it with `aws "
                    + "secretsmanager rotate-secret --secret-id " + instance.managedSecretArn() + "` instead; nothing changed");
        }
        SecretsManager.Labels labels = secret.labels();
        refuseAutomaticRotation(labels, secret.name());
        current = secret.byStage(SecretsManager.CURRENT);
        currentUrl = parse(current, "current");
        requireMasterUserAt(currentUrl, instance);
        Optional<SecretsManager.Version> pending = labels.distinctPending().map(secret::byId);
        Optional<Instant> reset = pending.flatMap(p -> rds.passwordResetSince(p.created()));
        decision = PasswordDecision.decide(instance, pending, reset, labs.ticker().now());
        if (decision.finishes()) {
            pendingUrl = parse(pending.get(), "pending");
            requireMasterUserAt(pendingUrl, instance);
        }
        return new RotationPlan("Rotate the master password of RDS instance " + instance.id() + " and DATABASE_URL in "
                + secret.name(), steps(), List.of());
    }

    /** The password alone is a secret too: masked wherever it might appear, percent-encoded or not. */
    private DatabaseUrl parse(SecretsManager.Version version, String stage) {
        DatabaseUrl url = DatabaseUrl.parse(version.value(), "The " + stage + " " + version + " of secret " + secret.name());
        labs.console().secret(url.password());
        labs.console().secret(url.decodedPassword());
        return url;
    }

    private List<String> steps() {
        List<String> steps = new ArrayList<>();
        String promote = "Promote the pending version to AWSCURRENT (the current " + current + " becomes AWSPREVIOUS) "
                + "and remove the tag " + RdsMasterPassword.MARKER_TAG;
        String wait = " and wait until " + instance.id() + " is available with no pending MasterUserPassword";
        switch (decision.kind()) {
            case FRESH, REPLACE_LEFTOVER -> {
                if (decision.kind() == PasswordDecision.Kind.REPLACE_LEFTOVER) {
                    steps.add("Replace the leftover pending version " + decision.pendingVersionId() + ": " + decision.reason());
                }
                steps.add("Generate a new password (" + RandomSecrets.PASSWORD_LENGTH + " URL-safe characters) and store "
                        + "DATABASE_URL with it (same user " + currentUrl.decodedUser() + ", host, port and database) as the "
                        + "pending version (AWSPENDING) of " + secret.name());
                steps.add("Tag " + instance.id() + " with " + RdsMasterPassword.MARKER_TAG + "=<pending version ID>, "
                        + "so that a re-run knows the password may have reached RDS");
                steps.add("Change the master password of " + instance.id() + " (ModifyDBInstance, apply immediately)" + wait);
            }
            case FINISH_APPLIED -> {
                steps.add("Finish the interrupted rotation with pending version " + decision.pendingVersionId() + ": "
                        + decision.reason());
                steps.add("Wait until " + instance.id() + " is available with no pending MasterUserPassword");
            }
            case FINISH_REAPPLY -> {
                steps.add("Finish the interrupted rotation with pending version " + decision.pendingVersionId() + ": "
                        + decision.reason());
                steps.add("Tag " + instance.id() + " with " + RdsMasterPassword.MARKER_TAG + "=" + decision.pendingVersionId());
                steps.add("Set the master password of " + instance.id() + " to the password of pending version "
                        + decision.pendingVersionId() + " (ModifyDBInstance, apply immediately)" + wait);
            }
        }
        steps.add(promote);
        steps.add(restart.step());
        return steps;
    }

    @Override
    public RotationOutcome run() {
        Instant changedAt;
        String pendingId;
        switch (decision.kind()) {
            case FRESH, REPLACE_LEFTOVER -> {
                if (decision.kind() == PasswordDecision.Kind.REPLACE_LEFTOVER) {
                    labs.console().info("Replacing the leftover pending version " + decision.pendingVersionId() + ": "
                            + decision.reason());
                }
                String password = RandomSecrets.databasePassword();
                labs.console().secret(password);
                pendingId = storePending(currentUrl.withPassword(password));
                changedAt = send(pendingId, password, true);
            }
            case FINISH_REAPPLY -> {
                pendingId = decision.pendingVersionId();
                labs.console().info("Finishing the interrupted rotation with pending version " + pendingId + ": "
                        + decision.reason());
                changedAt = send(pendingId, pendingUrl.decodedPassword(), false);
            }
            default -> {
                pendingId = decision.pendingVersionId();
                labs.console().info("Finishing the interrupted rotation with pending version " + pendingId + ": "
                        + decision.reason());
                changedAt = decision.passwordChangedAt();
            }
        }
        awaitAppliedAndPromote(pendingId);
        SecretRestart.Result restarted = restart.run();
        if (!restarted.stable()) {
            throw restart.failed(restarted, "The password rotation itself is complete: RDS and the current version "
                    + pendingId + " of " + secret.name() + " agree, but tasks that started before it cannot open new "
                    + "database connections until they are replaced.");
        }
        return new RotationOutcome(secret.name(), pendingId, current.id(), restart.services(), changedAt,
                restarted.lastOldTaskStopped(), SecretRestart.seconds(changedAt, restarted.lastOldTaskStopped()));
    }

    /** PutSecretValue is atomic: when it fails, nothing changed. */
    private String storePending(DatabaseUrl url) {
        try {
            String pendingId = secret.putPending(url.value());
            labs.console().info("Stored the new DATABASE_URL as pending version " + pendingId + " of " + secret.name());
            return pendingId;
        } catch (RuntimeException e) {
            throw new LabsException(LabsException.FAILED, labs.explain(e).getMessage() + ". The database password did "
                    + "not change; the secret's current " + current + " still holds it.", e);
        }
    }

    /**
     * Tags the instance, waits until it is available and sends the password. Until RDS accepts the
     * change, a failure is undone when this run created the pending version; after that, the
     * pending version must stay, since RDS may hold its password.
     */
    private Instant send(String pendingId, String password, boolean undoable) {
        try {
            rds.mark(instance, pendingId);
            rds.awaitAvailable();
        } catch (RuntimeException e) {
            throw undoable ? undo(e, pendingId) : mayHaveChanged(e, pendingId);
        }
        Instant changedAt = labs.ticker().now();
        try {
            rds.changePassword(password);
        } catch (AwsServiceException e) {
            throw undoable && e.statusCode() >= 400 && e.statusCode() < 500 ? undo(e, pendingId) : mayHaveChanged(e, pendingId);
        } catch (RuntimeException e) {
            throw mayHaveChanged(e, pendingId);
        }
        labs.console().info("Changed the master password of " + instance.id() + " to that of pending version " + pendingId
                + " (apply immediately)");
        return changedAt;
    }

    private void awaitAppliedAndPromote(String pendingId) {
        try {
            rds.awaitPasswordApplied();
            secret.makeCurrent(pendingId, current.id());
        } catch (RuntimeException e) {
            throw mayHaveChanged(e, pendingId);
        }
        labs.console().info("RDS applied the new password; promoted version " + pendingId + " to AWSCURRENT of "
                + secret.name() + " (" + current + " is now AWSPREVIOUS)");
        bestEffort(() -> secret.dropPending(pendingId), "remove the AWSPENDING label from version " + pendingId);
        bestEffort(() -> rds.unmark(instance), "remove the tag " + RdsMasterPassword.MARKER_TAG + " from " + instance.id());
    }

    /** A label or tag left behind after promotion is harmless: a later run reads it as a finished rotation. */
    private void bestEffort(Runnable cleanup, String what) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            labs.console().warn("Could not " + what + " (" + labs.explain(e).getMessage() + "); the rotation is complete "
                    + "and a later run ignores it");
        }
    }

    /** Removing a tag that is not there changes nothing, so the tag goes whether or not the marking succeeded. */
    private LabsException undo(RuntimeException failure, String pendingId) {
        List<String> leftovers = new ArrayList<>();
        try {
            secret.dropPending(pendingId);
        } catch (RuntimeException e) {
            leftovers.add("pending version " + pendingId + " stays (the next run replaces it)");
        }
        try {
            rds.unmark(instance);
        } catch (RuntimeException e) {
            leftovers.add("the tag " + RdsMasterPassword.MARKER_TAG + " may stay on " + instance.id()
                    + " (the next run replaces it)");
        }
        return new LabsException(LabsException.FAILED, labs.explain(failure).getMessage() + ". The database password "
                + "did not change; the secret's current " + current + " still holds it"
                + (leftovers.isEmpty() ? ", and nothing else changed." : "; " + String.join(", ", leftovers) + "."), failure);
    }

    private LabsException mayHaveChanged(RuntimeException failure, String pendingId) {
        return new LabsException(LabsException.FAILED, labs.explain(failure).getMessage() + ". The new password (pending "
                + "version " + pendingId + " of " + secret.name() + ") is live in RDS " + instance.id() + ", or may be, but "
                + "it is not yet current: the current " + current + " still holds the old password. Run rotate-secret "
                + "--database-password again to finish: it promotes version " + pendingId
                + " and never generates another password.", failure);
    }

    static void refuseAutomaticRotation(SecretsManager.Labels labels, String name) {
        if (labels.rotationEnabled()) {
            throw LabsException.usage("Secret " + name + " has automatic rotation turned on (a rotation Lambda owns its "
                    + "versions): use `aws secretsmanager rotate-secret --secret-id " + name + "`, or turn it off "
                    + "(`aws secretsmanager cancel-rotate-secret`) before using labs; nothing changed");
        }
    }

    /** The app must connect as the master user to this instance, or changing the master password would not rotate its password. */
    private static void requireMasterUserAt(DatabaseUrl url, RdsMasterPassword.Instance instance) {
        if (!url.decodedUser().equals(instance.masterUsername())) {
            throw LabsException.usage("DATABASE_URL connects as '" + url.decodedUser() + "', not as the master user '"
                    + instance.masterUsername() + "' of " + instance.id() + ": changing the master password would not "
                    + "rotate it; nothing changed");
        }
        if (instance.address() != null && !(url.host().equalsIgnoreCase(instance.address()) && url.port() == instance.port())) {
            throw LabsException.usage("DATABASE_URL points at " + url.host() + ":" + url.port() + ", but RDS instance "
                    + instance.id() + " is at " + instance.address() + ":" + instance.port() + "; nothing changed");
        }
    }
}
