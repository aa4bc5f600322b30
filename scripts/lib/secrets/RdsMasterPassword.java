import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Event;

/**
 * The RDS side of a password rotation, carried out through {@link Rds}: the instance's state, labs'
 * marker tag, the master password change and RDS's record of it. RDS never returns a password (ModifyDBInstance, MasterUserPassword,
 * RDS API reference), so whether a password reached RDS can only be read from these records.
 */
final class RdsMasterPassword {
    /** Tag naming the secret version whose password labs is about to send, written before ModifyDBInstance. */
    static final String MARKER_TAG = "labs:rotating-secret-version";
    /** DescribeEvents keeps 14 days of events (RDS API reference, DescribeEvents). */
    static final Duration EVENT_HISTORY = Duration.ofDays(14);
    private static final String RESETTING = "resetting-master-credentials";
    private static final Duration POLL = Duration.ofSeconds(10);
    /** Statuses an instance does not leave by itself (RDS User Guide, DB instance status). */
    private static final Set<String> STUCK = Set.of("stopped", "stopping", "deleting", "failed", "storage-full",
            "incompatible-network", "incompatible-option-group", "incompatible-parameters", "incompatible-restore",
            "inaccessible-encryption-credentials");

    /** What RDS tells about the instance, the password aside. */
    record Instance(String id, String arn, String status, String address, int port, String masterUsername,
            String managedSecretArn, boolean passwordChangePending, String marker) {

        static Instance of(DBInstance db) {
            String marker = db.tagList().stream().filter(t -> MARKER_TAG.equals(t.key())).map(t -> t.value())
                    .findFirst().orElse(null);
            return new Instance(db.dbInstanceIdentifier(), db.dbInstanceArn(), db.dbInstanceStatus(),
                    db.endpoint() == null ? null : db.endpoint().address(),
                    db.endpoint() == null || db.endpoint().port() == null ? 5432 : db.endpoint().port(),
                    db.masterUsername(), db.masterUserSecret() == null ? null : db.masterUserSecret().secretArn(),
                    db.pendingModifiedValues() != null && db.pendingModifiedValues().masterUserPassword() != null, marker);
        }

        /** A master password change RDS has accepted and not finished applying. */
        boolean applyingPasswordChange() {
            return passwordChangePending || RESETTING.equals(status);
        }

        boolean available() {
            return "available".equals(status);
        }

        /** The wait condition after ModifyDBInstance: status available and no pending MasterUserPassword. */
        boolean passwordApplied() {
            return available() && !passwordChangePending;
        }

        String describe() {
            return "status " + status + (passwordChangePending ? ", MasterUserPassword pending" : "");
        }
    }

    private final LabsOptions labs;
    private final Rds rds;
    private final String id;
    private final Ticker ticker;
    private final Duration timeout;

    RdsMasterPassword(LabsOptions labs, String id, Ticker ticker, Duration timeout) {
        this.labs = labs;
        this.rds = new Rds(labs);
        this.id = id;
        this.ticker = ticker;
        this.timeout = timeout;
    }

    String id() {
        return id;
    }

    Instance describe() {
        return Instance.of(rds.instance(id).orElseThrow(
                () -> labs.notFound("RDS instance", id, "check --prefix and --region, or run provision")));
    }

    void mark(Instance instance, String versionId) {
        rds.tag(instance.arn(), MARKER_TAG, versionId);
    }

    void unmark(Instance instance) {
        rds.untag(instance.arn(), MARKER_TAG);
    }

    void changePassword(String password) {
        rds.changeMasterPassword(id, password);
    }

    /**
     * When RDS last reset the master credentials since the given time: event RDS-EVENT-0016 "Reset
     * master credentials", category "configuration change" (RDS User Guide, event categories and
     * messages). Empty when there is none, or when the time lies beyond RDS's event history.
     */
    Optional<Instant> passwordResetSince(Instant since) {
        if (since.isBefore(labs.ticker().now().minus(EVENT_HISTORY))) return Optional.empty();
        return rds.events(id, since, "configuration change").stream()
                .filter(e -> e.message() != null && e.message().toLowerCase().contains("master credentials"))
                .map(Event::date)
                .max(Instant::compareTo);
    }

    /** ModifyDBInstance needs an available instance; one that is busy (backing up, modifying) gets there by itself. */
    void awaitAvailable() {
        if (!describe().available()) await("is available", Instance::available);
    }

    void awaitPasswordApplied() {
        await("has applied the new master password", Instance::passwordApplied);
    }

    private void await(String goal, java.util.function.Predicate<Instance> done) {
        new Waits(labs.console(), ticker, POLL).add(id, () -> {
            Instance instance = describe();
            if (done.test(instance)) return Waits.State.done(instance.describe());
            if (STUCK.contains(instance.status())) {
                return Waits.State.failed(instance.status(), "its master password can only be changed when it is "
                        + "available (start or repair it first)");
            }
            return Waits.State.waiting(instance.describe());
        }).until(goal, timeout);
    }
}
