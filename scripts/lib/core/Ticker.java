import java.time.Duration;
import java.time.Instant;

/**
 * Time and Ctrl-C as a run sees them. Every wait in
 * labs goes through one, so that tests hand in a clock that advances instantly instead of
 * sleeping for real seconds.
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
