import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real clock. Ctrl-C is caught with a SIGINT handler that also wakes the sleeping thread;
 * sun.misc.Signal (module jdk.unsupported) is reached by reflection so that compiling a script
 * prints no warning about internal API; where it is missing, Ctrl-C simply ends the JVM.
 */
final class SystemTicker implements Ticker {
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile Thread sleeper;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(Duration duration) {
        if (interrupted.get()) {
            // Ctrl-C is pending (its handler may have interrupted this thread outside a sleep): no sleeping now
            Thread.interrupted();
            return;
        }
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
        Runnable onInterrupt = () -> {
            interrupted.set(true);
            Thread waiting = sleeper;
            if (waiting != null) waiting.interrupt();
        };
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object handle = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (proxy, method, args) -> {
                if (method.getName().equals("handle")) onInterrupt.run();
                return null;
            });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("INT"), handle);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no signal API: Ctrl-C keeps its default effect
        }
    }

    @Override
    public boolean interruptRequested() {
        return interrupted.getAndSet(false);
    }
}
