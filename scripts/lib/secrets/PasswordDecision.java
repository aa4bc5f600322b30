import java.time.Instant;
import java.util.Optional;

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

    static PasswordDecision decide(RdsMasterPassword.Instance instance, Optional<SecretsManager.Version> pending,
            Optional<Instant> resetSincePending, Instant now) {
        if (pending.isEmpty()) return new PasswordDecision(Kind.FRESH, null, "no pending version", null);
        SecretsManager.Version version = pending.get();
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
