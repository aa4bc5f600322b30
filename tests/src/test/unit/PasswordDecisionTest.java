import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a run reads RDS's and Secrets Manager's records: a pure function, checked without AWS. */
class PasswordDecisionTest {
    private static final Instant NOW = Instant.parse("2026-11-26T21:00:00Z");
    private static final SecretsManager.Version PENDING = new SecretsManager.Version("v-pending", NOW.minus(Duration.ofHours(1)), "url");

    private static RdsMasterPassword.Instance instance(String status, boolean pendingPassword, String marker) {
        return new RdsMasterPassword.Instance("db", "arn", status, "db.host", 5432, "labs", null, pendingPassword, marker);
    }

    private static PasswordDecision decide(RdsMasterPassword.Instance instance, Optional<SecretsManager.Version> pending,
            Optional<Instant> reset) {
        return PasswordDecision.decide(instance, pending, reset, NOW);
    }

    @Test
    void withoutAPendingVersionARotationStartsAfresh() {
        PasswordDecision decision = decide(instance("available", false, "v-old"), Optional.empty(), Optional.empty());
        assertEquals(PasswordDecision.Kind.FRESH, decision.kind());
    }

    @Test
    void aPendingVersionWithNoRecordOfReachingRdsIsReplaced() {
        PasswordDecision decision = decide(instance("available", false, null), Optional.of(PENDING), Optional.empty());
        assertEquals(PasswordDecision.Kind.REPLACE_LEFTOVER, decision.kind());
        assertEquals("v-pending", decision.pendingVersionId());
    }

    @Test
    void aMarkerForAnotherVersionDoesNotCount() {
        PasswordDecision decision = decide(instance("available", false, "v-other"), Optional.of(PENDING), Optional.empty());
        assertEquals(PasswordDecision.Kind.REPLACE_LEFTOVER, decision.kind());
    }

    @Test
    void markedAndApplyingMeansRdsHasItAndTheRunWaitsAndPromotes() {
        assertEquals(PasswordDecision.Kind.FINISH_APPLIED,
                decide(instance("available", true, "v-pending"), Optional.of(PENDING), Optional.empty()).kind());
        assertEquals(PasswordDecision.Kind.FINISH_APPLIED,
                decide(instance("resetting-master-credentials", false, "v-pending"), Optional.of(PENDING), Optional.empty()).kind());
        Instant reset = NOW.minus(Duration.ofMinutes(30));
        PasswordDecision decision = decide(instance("available", false, "v-pending"), Optional.of(PENDING), Optional.of(reset));
        assertEquals(PasswordDecision.Kind.FINISH_APPLIED, decision.kind());
        assertEquals(reset, decision.passwordChangedAt());
    }

    @Test
    void markedWithoutAnyRecordedChangeSendsTheSamePasswordAgain() {
        PasswordDecision decision = decide(instance("available", false, "v-pending"), Optional.of(PENDING), Optional.empty());
        assertEquals(PasswordDecision.Kind.FINISH_REAPPLY, decision.kind());
        assertTrue(decision.reason().contains("harmless if RDS already has it"), decision.reason());
    }

    @Test
    void aChangeRecordedByRdsWithoutLabsMarkerStillFinishesWithThePendingVersion() {
        assertEquals(PasswordDecision.Kind.FINISH_REAPPLY,
                decide(instance("available", true, null), Optional.of(PENDING), Optional.empty()).kind());
        assertEquals(PasswordDecision.Kind.FINISH_REAPPLY,
                decide(instance("available", false, null), Optional.of(PENDING), Optional.of(NOW)).kind());
    }

    @Test
    void aPendingVersionOlderThanTheEventHistoryIsNeverReplaced() {
        SecretsManager.Version old = new SecretsManager.Version("v-old-pending", NOW.minus(Duration.ofDays(15)), "url");
        assertEquals(PasswordDecision.Kind.FINISH_REAPPLY,
                decide(instance("available", false, null), Optional.of(old), Optional.empty()).kind());
    }
}
