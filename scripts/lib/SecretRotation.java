import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Forces a new deployment of services ("web", "worker") and waits until they are stable, with
 * progress; when they do not become stable it explains why and throws. The rollout engine provides it.
 */
interface ServiceRestart {
    void restart(List<String> services);
}

/** A rotation as the command runs it: look first and change nothing, then do what the plan says. */
interface Rotation {
    /** Reads AWS and decides; refuses (usage error) what it must not do. Changes nothing. */
    RotationPlan plan();

    /** Runs the plan; a failure says what changed and how to finish. */
    RotationOutcome run();
}

record RotationPlan(String title, List<String> steps, List<String> warnings) {
}

/** What a finished rotation reports; version IDs, never values. */
record RotationOutcome(String secret, String currentVersion, String previousVersion, List<String> services,
        Instant changedAt, Instant lastOldTaskStoppedAt, Long windowSeconds) {

    Optional<Duration> window() {
        return Optional.ofNullable(windowSeconds).map(Duration::ofSeconds);
    }
}

/**
 * What --database-password does, decided from RDS's and Secrets Manager's records alone. RDS never
 * returns a password, so "the pending password may be live in RDS" is inferred from:
 * <ul>
 * <li>labs' marker tag on the instance naming the pending version: labs writes it before every
 * ModifyDBInstance, so a pending version without it was never sent by labs;</li>
 * <li>a master password change RDS has accepted and not finished (pending MasterUserPassword, status
 * resetting-master-credentials);</li>
 * <li>a "Reset master credentials" event dated after the pending version was created.</li>
 * </ul>
 * With none of them the pending version never reached RDS and is replaced. With any of them the run
 * finishes with that same version; when RDS shows no change after labs' marker, the ModifyDBInstance
 * may or may not have landed, so labs sends the same password again: setting the password RDS
 * already holds changes nothing, so this is safe either way.
 */
record PasswordDecision(Kind kind, String pendingVersionId, String reason, Instant passwordChangedAt) {
    enum Kind { FRESH, REPLACE_LEFTOVER, FINISH_APPLIED, FINISH_REAPPLY }

    static PasswordDecision decide(RdsMasterPassword.Instance instance, Optional<Secrets.Version> pending,
            Optional<Instant> resetSincePending, Instant now) {
        if (pending.isEmpty()) return new PasswordDecision(Kind.FRESH, null, "no pending version", null);
        Secrets.Version version = pending.get();
        boolean marked = version.id().equals(instance.marker());
        boolean inFlight = instance.applyingPasswordChange();
        String created = " (created " + version.created() + ")";
        if (marked && (inFlight || resetSincePending.isPresent())) {
            return new PasswordDecision(Kind.FINISH_APPLIED, version.id(), "labs sent its password to RDS: the instance is "
                    + "tagged with it and RDS " + (inFlight ? "is applying a master password change" : "reset the master "
                    + "credentials at " + resetSincePending.get()), resetSincePending.orElse(null));
        }
        if (marked) {
            return new PasswordDecision(Kind.FINISH_REAPPLY, version.id(), "the instance is tagged with it, so labs was "
                    + "about to send its password, but RDS records no change since" + created
                    + ": labs sends the same password again, which is harmless if RDS already has it", null);
        }
        if (inFlight || resetSincePending.isPresent()) {
            return new PasswordDecision(Kind.FINISH_REAPPLY, version.id(), "RDS " + (inFlight
                    ? "is applying a master password change" : "reset the master credentials at " + resetSincePending.get())
                    + " after it was created" + created + ": finishing with it, and sending its password again", null);
        }
        if (version.created().isBefore(now.minus(RdsMasterPassword.EVENT_HISTORY))) {
            return new PasswordDecision(Kind.FINISH_REAPPLY, version.id(), "it is older than the 14 days of events RDS "
                    + "keeps" + created + ", so RDS's records cannot show that it never reached RDS: finishing with it", null);
        }
        return new PasswordDecision(Kind.REPLACE_LEFTOVER, version.id(), "no labs tag names it and RDS records no "
                + "master password change since it was created" + created + ": it never reached RDS", null);
    }

    boolean finishes() {
        return kind == Kind.FINISH_APPLIED || kind == Kind.FINISH_REAPPLY;
    }
}

/**
 * The last step of every rotation: restart the services so that their tasks read the secret again
 * (ECS injects secrets only when a task starts), and measure when the last task that started before
 * the rotation stopped.
 */
final class SecretRestart {
    /** failure: null when the services became stable, else why not. */
    record Result(String failure, Instant lastOldTaskStopped, List<String> oldTasksStillRunning) {
        boolean stable() {
            return failure == null;
        }
    }

    private final LabsOptions labs;
    private final Ecs ecs;
    private final ServiceRestart restart;
    private final List<String> services;

    SecretRestart(LabsOptions labs, Ecs ecs, ServiceRestart restart) {
        this.labs = labs;
        this.ecs = ecs;
        this.restart = restart;
        this.services = Names.SERVICES.stream().map(labs.names()::service).toList();
    }

    List<String> services() {
        return services;
    }

    Instant now() {
        return labs.ticker().now();
    }

    String step() {
        return "Force a new deployment of " + String.join(" and ", services) + " and wait until both are stable, "
                + "so that their tasks read the secret again";
    }

    /** Never throws: a restart that fails, or an AWS error on the way, becomes a result that says why. */
    Result run() {
        List<String> oldTasks;
        try {
            oldTasks = services.stream().flatMap(s -> ecs.tasks(s, DesiredStatus.RUNNING).stream()).map(Task::taskArn).toList();
        } catch (RuntimeException e) {
            return new Result(labs.explain(e).getMessage(), null, List.of());
        }
        labs.console().info("Restarting " + String.join(", ", services) + " (" + oldTasks.size() + " running tasks to replace)");
        String failure = null;
        try {
            restart.restart(Names.SERVICES);
        } catch (RuntimeException e) {
            failure = labs.explain(e).getMessage();
        }
        try {
            List<Task> described = oldTasks.isEmpty() ? List.of() : ecs.describeTasks(oldTasks);
            List<String> stillRunning = described.stream().filter(t -> !"STOPPED".equals(t.lastStatus()))
                    .map(t -> Ecs.taskId(t.taskArn())).toList();
            Instant lastStopped = described.stream().map(Task::stoppedAt).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            return new Result(failure, stillRunning.isEmpty() ? lastStopped : null, stillRunning);
        } catch (RuntimeException e) {
            if (failure == null) labs.console().warn("Could not tell when the old tasks stopped: " + labs.explain(e).getMessage());
            return new Result(failure, null, List.of());
        }
    }

    /** The restart failed after the secret changed: say what is done and what is left. */
    LabsException failed(Result result, String done) {
        String stillRunning = result.oldTasksStillRunning().isEmpty() ? ""
                : " Tasks from before the restart still run: " + String.join(", ", result.oldTasksStillRunning()) + ".";
        String diagnosis = result.failure().strip().replaceAll("\\.$", "");
        return LabsException.failed("The restart did not finish: " + diagnosis + ". " + done
                + stillRunning + " Fix the cause, then run rotate-secret --restart-only.");
    }

    static Long seconds(Instant from, Instant to) {
        if (from == null || to == null) return null;
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}

/**
 * --database-password, following the Secrets Manager rotation protocol: the new DATABASE_URL is
 * stored as AWSPENDING before RDS gets its password, and becomes AWSCURRENT only once RDS has
 * applied it; so the password RDS holds is always in the secret, as the current or the pending version.
 */
final class DatabasePasswordRotation implements Rotation {
    private final LabsOptions labs;
    private final Secrets secret;
    private final RdsMasterPassword rds;
    private final SecretRestart restart;
    private RdsMasterPassword.Instance instance;
    private Secrets.Version current;
    private DatabaseUrl currentUrl;
    private DatabaseUrl pendingUrl;
    private PasswordDecision decision;

    DatabasePasswordRotation(LabsOptions labs, Secrets secret, RdsMasterPassword rds, SecretRestart restart) {
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
        Secrets.Labels labels = secret.labels();
        refuseAutomaticRotation(labels, secret.name());
        current = secret.byStage(Secrets.CURRENT);
        currentUrl = parse(current, "current");
        requireMasterUserAt(currentUrl, instance);
        Optional<Secrets.Version> pending = labels.distinctPending().map(secret::byId);
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
    private DatabaseUrl parse(Secrets.Version version, String stage) {
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

    static void refuseAutomaticRotation(Secrets.Labels labels, String name) {
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

/**
 * --django-secret-key: a new random key as the current version (Secrets Manager moves AWSPREVIOUS to
 * the old one), then the restart. Sessions and signed values made with the old key stay valid only
 * where the app reads SECRET_KEY_FALLBACKS from a container secret that points at this secret's
 * AWSPREVIOUS version (valueFrom ARN:json-key:version-stage:version-id, ECS developer guide,
 * "Pass Secrets Manager secrets through Amazon ECS environment variables"): the rotation fills it.
 */
final class DjangoKeyRotation implements Rotation {
    private final LabsOptions labs;
    private final Secrets secret;
    private final Ecs ecs;
    private final SecretRestart restart;
    private Secrets.Labels labels;

    DjangoKeyRotation(LabsOptions labs, Secrets secret, Ecs ecs, SecretRestart restart) {
        this.labs = labs;
        this.secret = secret;
        this.ecs = ecs;
        this.restart = restart;
    }

    @Override
    public RotationPlan plan() {
        labels = secret.labels();
        DatabasePasswordRotation.refuseAutomaticRotation(labels, secret.name());
        String current = labels.versionOf(Secrets.CURRENT).map(id -> "version " + id).orElse("none");
        List<String> steps = List.of("Generate a new key (" + RandomSecrets.DJANGO_KEY_LENGTH + " random characters) and "
                + "store it as the current version (AWSCURRENT) of " + secret.name() + "; the current " + current
                + " becomes AWSPREVIOUS", restart.step());
        return new RotationPlan("Rotate the Django secret key in " + secret.name(), steps, fallbackWarnings());
    }

    private List<String> fallbackWarnings() {
        List<String> unwired = restart.services().stream().filter(service -> fallbackVariable(service).isEmpty()).toList();
        if (unwired.isEmpty()) return List.of();
        return List.of("Sessions and signed values (login sessions, password-reset links, signed cookies) made with the "
                + "old key become invalid once " + String.join(" and ", unwired) + " restart: users are logged out. To "
                + "keep them valid, read SECRET_KEY_FALLBACKS from an environment variable that the task definition fills "
                + "from " + labels.arn() + "::AWSPREVIOUS: (see docs/runbook.md, \"Rotate the Django secret key\").");
    }

    /** The container secret that receives this secret's AWSPREVIOUS version, if the service's task definition has one. */
    private Optional<String> fallbackVariable(String service) {
        String taskDefinition = ecs.service(service).taskDefinition();
        String previousStage = labels.arn() + ":";
        return ecs.client().describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition()
                .containerDefinitions().stream().flatMap(c -> c.secrets().stream())
                .filter(s -> s.valueFrom() != null && s.valueFrom().startsWith(previousStage)
                        && s.valueFrom().substring(previousStage.length()).matches("[^:]*:" + Secrets.PREVIOUS + ":.*"))
                .map(s -> s.name()).findFirst();
    }

    @Override
    public RotationOutcome run() {
        String previous = labels.versionOf(Secrets.CURRENT).orElse(null);
        String key = RandomSecrets.djangoSecretKey();
        labs.console().secret(key);
        String versionId;
        Instant changedAt = labs.ticker().now();
        try {
            versionId = secret.putCurrent(key);
        } catch (RuntimeException e) {
            throw new LabsException(LabsException.FAILED, labs.explain(e).getMessage() + ". Nothing changed: the current "
                    + "key of " + secret.name() + " is still version " + previous + ".", e);
        }
        labs.console().info("Stored the new key as version " + versionId + " (AWSCURRENT) of " + secret.name()
                + (previous == null ? "" : "; version " + previous + " is now AWSPREVIOUS"));
        SecretRestart.Result restarted = restart.run();
        if (!restarted.stable()) {
            throw restart.failed(restarted, "The new key (version " + versionId + ") is current in " + secret.name()
                    + "; tasks that started before it still use the old key.");
        }
        return new RotationOutcome(secret.name(), versionId, previous, restart.services(), changedAt,
                restarted.lastOldTaskStopped(), SecretRestart.seconds(changedAt, restarted.lastOldTaskStopped()));
    }
}

/** --restart-only: the last step of a rotation whose restart failed, on its own. */
final class RestartOnly implements Rotation {
    private final SecretRestart restart;

    RestartOnly(SecretRestart restart) {
        this.restart = restart;
    }

    @Override
    public RotationPlan plan() {
        return new RotationPlan("Restart the services so that they read the current secrets", List.of(restart.step()),
                List.of());
    }

    @Override
    public RotationOutcome run() {
        Instant start = restart.now();
        SecretRestart.Result restarted = restart.run();
        if (!restarted.stable()) throw restart.failed(restarted, "The secrets did not change.");
        return new RotationOutcome(null, null, null, restart.services(), start, restarted.lastOldTaskStopped(),
                SecretRestart.seconds(start, restarted.lastOldTaskStopped()));
    }
}
