import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waiting in labs. {@link #poll} is the one polling loop that every wait goes through: look, and
 * when that does not settle it, give up once patience ran out, else sleep and look again. On top
 * of it, a Waits instance waits on several slow resources at once, so that their waits overlap
 * instead of adding up: one poll of each every interval, a progress line when a status changes
 * (and each minute), elapsed time included.
 */
final class Waits {
    /** Patience of a wait that only Ctrl-C or its own answer ends. */
    static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    /**
     * Calls look with the time waited so far (taken before the look) until it answers; when it
     * does not and that time has reached patience, returns what onTimeout answers (or throws);
     * otherwise sleeps interval on the ticker and looks again.
     */
    static <T> T poll(Ticker ticker, Duration interval, Duration patience, Function<Duration, Optional<T>> look,
            Function<Duration, T> onTimeout) {
        Instant start = ticker.now();
        while (true) {
            Duration elapsed = Duration.between(start, ticker.now());
            Optional<T> answer = look.apply(elapsed);
            if (answer.isPresent()) return answer.get();
            if (elapsed.compareTo(patience) >= 0) return onTimeout.apply(elapsed);
            ticker.sleep(interval);
        }
    }

    /** A resource's state: done, failed (with the reason) or still on its way. */
    record State(String status, boolean done, String failure) {
        static State done(String status) {
            return new State(status, true, null);
        }

        static State waiting(String status) {
            return new State(status, false, null);
        }

        static State failed(String status, String failure) {
            return new State(status, false, failure);
        }
    }

    private final Console console;
    private final Ticker ticker;
    private final Duration interval;
    private final Map<String, Supplier<State>> pending = new LinkedHashMap<>();

    Waits(Console console, Ticker ticker, Duration interval) {
        this.console = console;
        this.ticker = ticker;
        this.interval = interval;
    }

    Waits add(String what, Supplier<State> poll) {
        pending.put(what, poll);
        return this;
    }

    void until(String goal, Duration patience) {
        if (pending.isEmpty()) return;
        Instant[] lastReport = {ticker.now()};
        Map<String, String> lastStatus = new LinkedHashMap<>();
        console.info("Waiting until " + String.join(" and ", pending.keySet()) + " " + goal
                + " (this takes minutes; an interrupted run finishes when run again)");
        poll(ticker, interval, patience, elapsed -> {
            List<String> changes = new ArrayList<>();
            for (var entry : List.copyOf(pending.entrySet())) {
                State state = entry.getValue().get();
                if (state.failure() != null) {
                    throw LabsException.failed(entry.getKey() + " is " + state.status() + ": " + state.failure());
                }
                if (!state.status().equals(lastStatus.put(entry.getKey(), state.status()))) {
                    changes.add(entry.getKey() + " " + state.status());
                }
                if (state.done()) pending.remove(entry.getKey());
            }
            boolean minutePassed = Duration.between(lastReport[0], ticker.now()).toSeconds() >= 60;
            if (!changes.isEmpty() || minutePassed) {
                List<String> report = changes.isEmpty()
                        ? pending.keySet().stream().map(k -> k + " " + lastStatus.get(k)).toList() : changes;
                console.info("  " + Console.elapsed(elapsed) + ": " + String.join(", ", report));
                lastReport[0] = ticker.now();
            }
            return pending.isEmpty() ? Optional.of(true) : Optional.empty();
        }, elapsed -> {
            throw LabsException.failed("Gave up after " + Console.elapsed(elapsed) + " waiting for "
                    + String.join(" and ", pending.keySet()) + "; run again to keep waiting");
        });
    }
}
