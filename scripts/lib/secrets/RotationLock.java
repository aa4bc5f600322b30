import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One rotation of a secret at a time. Before it changes anything, a run tags the secret with
 * labs:rotation-lock=RUN-ID@STARTED, waits a moment and reads the tag back: of two runs that
 * claimed at once only the last writer finds its own ID, and the other refuses. A second run that
 * finds a lock refuses instead of racing (it would otherwise take the first run's pending version
 * for a leftover, or move AWSPENDING under it). The run removes the tag when it ends, failed or not;
 * a run that died leaves it, and the next run then refuses until the lease lapses or it is told
 * with --take-over that the holder is gone.
 */
final class RotationLock {
    static final String TAG = "labs:rotation-lock";
    /** Longer than a run takes from its read of the tag to its write, so that two claims overlap in time. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** Who holds the lock and since when, as the tag's value says. */
    record Holder(String runId, Instant started) {
        static Optional<Holder> parse(String value) {
            int at = value == null ? -1 : value.lastIndexOf('@');
            if (at < 0) return Optional.of(new Holder(String.valueOf(value), Instant.EPOCH));
            try {
                return Optional.of(new Holder(value.substring(0, at), Instant.parse(value.substring(at + 1))));
            } catch (RuntimeException e) {
                return Optional.of(new Holder(value.substring(0, at), Instant.EPOCH));
            }
        }

        String value() {
            return runId + "@" + started;
        }
    }

    private final LabsOptions labs;
    private final SecretsManager.Secret secret;
    private final Duration lease;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private boolean held;

    /** @param lease how long a lock counts as held by a live run: longer than any run takes */
    RotationLock(LabsOptions labs, SecretsManager.Secret secret, Duration lease) {
        this.labs = labs;
        this.secret = secret;
        this.lease = lease;
    }

    /** For --dry-run, which takes no lock: says so when another run holds one. */
    void check() {
        holder().filter(this::live).ifPresent(h -> labs.console().warn(held(h) + ": a rotation now would be refused"));
    }

    /** Takes the lock, or refuses (exit 1, nothing changed) when another live run holds it. */
    void claim(boolean takeOver) {
        Optional<Holder> other = holder();
        if (other.isPresent()) {
            Holder holder = other.get();
            if (live(holder) && !takeOver) throw refused(holder);
            labs.console().warn("Taking over the lock of run " + holder.runId() + " (started " + holder.started() + "): "
                    + (takeOver ? "--take-over says it is no longer running" : "it is older than " + Console.elapsed(lease)
                    + ", longer than a run takes"));
        }
        Holder mine = new Holder(runId, labs.ticker().now());
        held = true; // before the call: its answer may be lost after the tag was set
        secret.tag(TAG, mine.value());
        labs.ticker().sleep(SETTLE);
        Optional<Holder> after = holder();
        if (after.isEmpty() || !after.get().runId().equals(runId)) {
            held = false;
            throw refused(after.orElse(new Holder("unknown", labs.ticker().now())));
        }
    }

    /** Removes the lock when this run holds it; a failure leaves it for the lease, with a warning. */
    void release() {
        if (!held) return;
        try {
            if (holder().map(h -> h.runId().equals(runId)).orElse(false)) secret.untag(TAG);
            held = false;
        } catch (RuntimeException e) {
            labs.console().warn("Could not remove the tag " + TAG + " from " + secret.name() + " ("
                    + labs.explain(e).getMessage() + "): the next rotate-secret needs --take-over");
        }
    }

    private Optional<Holder> holder() {
        return secret.tag(TAG).flatMap(Holder::parse);
    }

    private boolean live(Holder holder) {
        return holder.started().plus(lease).isAfter(labs.ticker().now());
    }

    private String held(Holder holder) {
        return "Another rotate-secret run (" + holder.runId() + ", started " + holder.started() + ") is rotating "
                + secret.name() + " (tag " + TAG + ")";
    }

    private LabsException refused(Holder holder) {
        return LabsException.failed(held(holder) + ": wait until it ends. If it is no longer running (killed, its "
                + "machine gone), run again with --take-over, or after " + holder.started().plus(lease)
                + " when its lock lapses; nothing changed");
    }
}
