import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with progress on stderr: what is awaited, for how long so far, and the
 * state each time it changes (at least once a minute). Gives up with one sentence after the timeout.
 */
record Polling(Console console, Duration interval, Duration timeout) {
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);

    <T> T until(String what, Supplier<T> probe, Predicate<T> done, Function<T, String> describe) {
        Instant start = Instant.now();
        String lastState = null;
        Instant lastReport = start;
        while (true) {
            T state = probe.get();
            if (done.test(state)) return state;
            String description = describe.apply(state);
            Duration waited = Duration.between(start, Instant.now());
            if (waited.compareTo(timeout) >= 0) {
                throw LabsException.failed("Gave up after " + Console.elapsed(waited) + " waiting for " + what + ": "
                        + description);
            }
            if (!description.equals(lastState) || Duration.between(lastReport, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                console.info("Waiting for " + what + " (" + Console.elapsed(waited) + "): " + description);
                lastState = description;
                lastReport = Instant.now();
            }
            sleep();
        }
    }

    private void sleep() {
        if (interval.isZero()) return;
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while waiting");
        }
    }
}
