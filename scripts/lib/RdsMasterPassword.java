//DEPS software.amazon.awssdk:rds

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * The RDS side of a password rotation: the instance's state, labs' marker tag, the master password
 * change and RDS's record of it. RDS never returns a password (ModifyDBInstance, MasterUserPassword,
 * RDS API reference), so whether a password reached RDS can only be read from these records.
 */
final class RdsMasterPassword {
    /** Tag naming the secret version whose password labs is about to send, written before ModifyDBInstance. */
    static final String MARKER_TAG = "labs:rotating-secret-version";
    /** DescribeEvents keeps 14 days of events (RDS API reference, DescribeEvents). */
    static final Duration EVENT_HISTORY = Duration.ofDays(14);
    private static final String RESETTING = "resetting-master-credentials";

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
    private final RdsClient rds;
    private final String id;
    private final Polling polling;

    RdsMasterPassword(LabsOptions labs, String id, Polling polling) {
        this.labs = labs;
        this.rds = labs.aws().client(RdsClient.class, RdsClient::builder);
        this.id = id;
        this.polling = polling;
    }

    String id() {
        return id;
    }

    Instance describe() {
        try {
            return Instance.of(rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0));
        } catch (DbInstanceNotFoundException e) {
            throw labs.notFound("RDS instance", id, "check --prefix and --region, or run provision");
        }
    }

    void mark(Instance instance, String versionId) {
        rds.addTagsToResource(r -> r.resourceName(instance.arn()).tags(t -> t.key(MARKER_TAG).value(versionId)));
    }

    void unmark(Instance instance) {
        rds.removeTagsFromResource(r -> r.resourceName(instance.arn()).tagKeys(MARKER_TAG));
    }

    void changePassword(String password) {
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier(id).masterUserPassword(password).applyImmediately(true));
    }

    /**
     * When RDS last reset the master credentials since the given time: event RDS-EVENT-0016 "Reset
     * master credentials", category "configuration change" (RDS User Guide, event categories and
     * messages). Empty when there is none, or when the time lies beyond RDS's event history.
     */
    Optional<Instant> passwordResetSince(Instant since) {
        if (since.isBefore(Instant.now().minus(EVENT_HISTORY))) return Optional.empty();
        return rds.describeEventsPaginator(r -> r.sourceType(SourceType.DB_INSTANCE).sourceIdentifier(id)
                        .startTime(since).eventCategories("configuration change"))
                .events().stream()
                .filter(e -> e.message() != null && e.message().toLowerCase().contains("master credentials"))
                .map(Event::date)
                .max(Instant::compareTo);
    }

    /** ModifyDBInstance needs an available instance; one that is busy (backing up, modifying) gets there by itself. */
    Instance awaitAvailable() {
        Instance instance = describe();
        if (!instance.available() && !busy(instance.status())) {
            throw LabsException.failed("RDS instance " + id + " is " + instance.status()
                    + ": its master password can only be changed when it is available (start it first)");
        }
        return polling.until(id + " to be available", this::describe, Instance::available, Instance::describe);
    }

    Instance awaitPasswordApplied() {
        return polling.until(id + " to apply the new master password", this::describe, Instance::passwordApplied,
                Instance::describe);
    }

    private static boolean busy(String status) {
        return !java.util.Set.of("stopped", "stopping", "deleting", "failed", "incompatible-credentials",
                "incompatible-network", "incompatible-parameters", "incompatible-restore", "inaccessible-encryption-credentials",
                "storage-full").contains(status);
    }
}
