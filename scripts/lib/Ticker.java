import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Time and Ctrl-C as a run sees them. Every wait in labs goes through one, so that tests hand in
 * a clock that advances instantly instead of sleeping for real seconds.
 */
interface Ticker {
    Instant now();

    /** Sleeps; returns early when Ctrl-C is pressed after {@link #catchInterrupts()}. */
    void sleep(Duration duration);

    /** From now on Ctrl-C no longer ends the JVM: it sets {@link #interruptRequested()}. */
    void catchInterrupts();

    /** Whether Ctrl-C was pressed since the last call; the call clears it. */
    boolean interruptRequested();

    static Ticker system() {
        return new SystemTicker();
    }
}

/** The real clock; Ctrl-C is caught with a SIGINT handler that also wakes the sleeping thread. */
final class SystemTicker implements Ticker {
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile Thread sleeper;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(Duration duration) {
        sleeper = Thread.currentThread();
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            if (!interrupted.get()) {
                Thread.currentThread().interrupt();
                throw LabsException.failed("Interrupted while waiting");
            }
        } finally {
            sleeper = null;
        }
    }

    @Override
    public void catchInterrupts() {
        Signal.handle(new Signal("INT"), signal -> {
            interrupted.set(true);
            Thread waiting = sleeper;
            if (waiting != null) waiting.interrupt();
        });
    }

    @Override
    public boolean interruptRequested() {
        return interrupted.getAndSet(false);
    }
}
