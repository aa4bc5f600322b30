import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when the code under test sleeps: each sleep advances it and lets the
 * fakes take their next step (ECS starts or stops a task, a log line appears), so that a test of a
 * ten-minute rollout runs in milliseconds. Ctrl-C is scripted: pressed during the Nth sleep.
 */
final class FakeTicker implements Ticker {
    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final List<Runnable> onSleep = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    private int interruptAtSleep = -1;
    private boolean interrupted;
    boolean catchingInterrupts;

    FakeTicker onSleep(Runnable step) {
        onSleep.add(step);
        return this;
    }

    FakeTicker at(Instant time) {
        now = time;
        return this;
    }

    /** Presses Ctrl-C during the given sleep (1 = the first). */
    FakeTicker interruptAtSleep(int sleep) {
        interruptAtSleep = sleep;
        return this;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        if (sleeps.size() > 10_000) throw new IllegalStateException("the code under test slept 10,000 times: endless wait?");
        sleeps.add(duration);
        now = now.plus(duration);
        onSleep.forEach(Runnable::run);
        if (sleeps.size() == interruptAtSleep) {
            if (!catchingInterrupts) throw new IllegalStateException("Ctrl-C pressed but the command does not catch it");
            interrupted = true;
        }
    }

    @Override
    public void catchInterrupts() {
        catchingInterrupts = true;
    }

    @Override
    public boolean interruptRequested() {
        boolean was = interrupted;
        interrupted = false;
        return was;
    }

    Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
