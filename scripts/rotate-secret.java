///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java
//SOURCES lib/data/data.java
//SOURCES lib/secrets/secrets.java

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rotate-secret", sortOptions = false,
        description = {"Rotate the database password (RDS and the DATABASE_URL secret together) or the Django secret "
                + "key, then restart web and worker so that they read the new value, and wait until both are stable.",
                "",
                "The database password follows the Secrets Manager rotation protocol: the new DATABASE_URL is stored as "
                + "the pending version (AWSPENDING) before RDS gets its password, and becomes current (AWSCURRENT) once "
                + "RDS has applied it. If a run stops half-way, running the same command again finishes with the same "
                + "pending version: it never generates another password while RDS may hold that one.",
                "",
                "Replaces: the RDS console's master password change, aws secretsmanager put-secret-value, and "
                + "aws ecs update-service --force-new-deployment for each service."},
        footer = {"", "Examples:", "  jbang rotate-secret@labs --database-password --dry-run",
                "  jbang rotate-secret@labs --database-password --yes",
                "  jbang rotate-secret@labs --django-secret-key",
                "  jbang rotate-secret@labs --restart-only --yes",
                "", "Secret values never appear in the output: versions are named by their IDs."})
class RotateSecret implements Callable<Integer> {

    static final class Target {
        @Option(names = "--database-password", required = true,
                description = "Rotate the RDS master password and the DATABASE_URL secret (PREFIX-database-url).")
        boolean databasePassword;

        @Option(names = "--django-secret-key", required = true,
                description = "Rotate the Django secret key (PREFIX-django-secret-key). Logs users out unless the app reads "
                        + "SECRET_KEY_FALLBACKS from the secret's AWSPREVIOUS version (see docs/runbook.md).")
        boolean djangoSecretKey;

        @Option(names = "--restart-only", required = true,
                description = "Only restart web and worker, e.g. after a rotation whose restart failed.")
        boolean restartOnly;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--dry-run", description = "Print the steps, change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    boolean yes;

    @Option(names = "--take-over",
            description = "Take the lock of another rotate-secret run that is no longer running (killed, its machine gone).")
    boolean takeOver;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20m",
            description = "How long to wait for RDS to apply the password, and for the services to become stable "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    /** Tests may replace the rollout engine's restart. */
    ServiceRestart serviceRestart;

    public static void main(String... args) {
        Labs.exit(new RotateSecret(), args);
    }

    @Override
    public Integer call() {
        Duration patience = Durations.parse(timeout, "--timeout");
        requireWayToConfirm();
        Ecs ecs = new Ecs(labs);
        if (target.databasePassword) refuseWhileAsleep(ecs);
        Rotation rotation = rotation(ecs, patience);
        if (target.restartOnly) return rotate(rotation);
        // a run waits twice (RDS, then the restart) at most this long each, plus its calls
        RotationLock lock = new RotationLock(labs, new SecretsManager(labs).secret(secretName()),
                patience.multipliedBy(2).plusMinutes(10));
        if (dryRun) {
            lock.check();
            return rotate(rotation);
        }
        claim(lock);
        try {
            return rotate(rotation);
        } finally {
            lock.release();
        }
    }

    /** RDS changes the master password of an available instance only, and sleep stopped it. */
    private void refuseWhileAsleep(Ecs ecs) {
        beforeAnyChange(() -> SleepTags.asleep(ecs, labs.names().prefix())).ifPresent(asleep -> {
            throw LabsException.failed(asleep + ": its database is stopped, and RDS changes the password of a running one only;"
                    + " wake it first with `jbang wake@labs`. Nothing changed.");
        });
    }

    /** Claiming only tags the secret, and a failed claim takes its tag off again: nothing else changed. */
    private void claim(RotationLock lock) {
        beforeAnyChange(() -> {
            try {
                lock.claim(takeOver);
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
            return lock;
        });
    }

    /** A step that only reads, or undoes itself: whatever goes wrong there, nothing changed, and the message says so. */
    private <T> T beforeAnyChange(Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LabsException explained = labs.explain(e);
            if (explained.getMessage().toLowerCase().contains("nothing changed")) throw explained;
            throw new LabsException(explained.exitCode, explained.getMessage() + ". Nothing changed.", e);
        }
    }

    private int rotate(Rotation rotation) {
        RotationPlan plan = planned(rotation);
        plan.warnings().forEach(labs.console()::warn);
        if (dryRun) {
            show(plan, "Dry run, nothing changed. The steps:");
            return 0;
        }
        if (!yes && !confirmed(plan)) {
            labs.console().info("Cancelled; nothing changed.");
            return LabsException.FAILED;
        }
        report(rotation.run());
        return 0;
    }

    private String secretName() {
        return target.djangoSecretKey ? labs.names().djangoSecretKeySecret() : labs.names().databaseUrlSecret();
    }

    private Rotation rotation(Ecs ecs, Duration patience) {
        Names names = labs.names();
        ServiceRestart engine = serviceRestart != null ? serviceRestart
                : services -> new Rollout(labs, ecs).restart(services, patience);
        SecretRestart restart = new SecretRestart(labs, ecs, engine);
        if (target.restartOnly) return new RestartOnly(restart);
        if (target.djangoSecretKey) {
            return new DjangoKeyRotation(labs, new SecretsManager(labs).secret(secretName()), ecs, restart);
        }
        return new DatabasePasswordRotation(labs, new SecretsManager(labs).secret(secretName()),
                new RdsMasterPassword(labs, names.dbInstance(), labs.ticker(), patience), restart);
    }

    private RotationPlan planned(Rotation rotation) {
        return beforeAnyChange(rotation::plan);
    }

    private void show(RotationPlan plan, String heading) {
        labs.console().info(heading);
        if (labs.json) {
            labs.console().json(plan);
            return;
        }
        labs.console().result(plan.title() + ":");
        for (int i = 0; i < plan.steps().size(); i++) labs.console().result("  " + (i + 1) + ". " + plan.steps().get(i));
    }

    /** Without a terminal to ask on, only --yes may go ahead: said before anything, the lock included, changes. */
    private void requireWayToConfirm() {
        if (!dryRun && !yes && !labs.context().terminal()) {
            throw LabsException.usage("rotate-secret changes secrets and restarts services: pass --yes to run it "
                    + "without a terminal to confirm on (or --dry-run to see the steps)");
        }
    }

    /** Asks on the terminal. */
    private boolean confirmed(RotationPlan plan) {
        labs.console().info(plan.title() + ":");
        for (int i = 0; i < plan.steps().size(); i++) labs.console().info("  " + (i + 1) + ". " + plan.steps().get(i));
        String answer = labs.ask("Proceed? [y/N] ");
        return answer != null && answer.trim().matches("(?i)y|yes");
    }

    private void report(RotationOutcome outcome) {
        String window = outcome.window().map(w -> outcome.secret() == null
                ? "; the last old task stopped " + Console.elapsed(w) + " after the restart began"
                : "; window " + Console.elapsed(w) + " from the change to the last old task stopping").orElse("");
        String summary = (outcome.secret() == null ? "Restarted " + String.join(", ", outcome.services())
                : "Rotated " + outcome.secret() + ": version " + outcome.currentVersion() + " is current"
                        + (outcome.previousVersion() == null ? "" : " (previous " + outcome.previousVersion() + ")")
                        + "; restarted " + String.join(", ", outcome.services())) + window;
        if (labs.json) labs.console().json(outcome);
        else labs.console().result(summary);
        labs.console().summary("### labs rotate-secret\n\n" + summary);
    }
}
