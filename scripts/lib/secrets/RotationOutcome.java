import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a finished rotation reports; version IDs, never values. */
record RotationOutcome(String secret, String currentVersion, String previousVersion, List<String> services,
        Instant changedAt, Instant lastOldTaskStoppedAt, Long windowSeconds) {

    Optional<Duration> window() {
        return Optional.ofNullable(windowSeconds).map(Duration::ofSeconds);
    }
}
