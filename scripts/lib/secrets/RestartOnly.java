import java.time.Instant;
import java.util.List;

/** --restart-only: the last step of a rotation whose restart failed, on its own. */
final class RestartOnly implements Rotation {
    private final SecretRestart restart;

    RestartOnly(SecretRestart restart) {
        this.restart = restart;
    }

    @Override
    public RotationPlan plan() {
        return new RotationPlan("Restart the services so that they read the current secrets", List.of(restart.step()),
                List.of());
    }

    @Override
    public RotationOutcome run() {
        Instant start = restart.now();
        SecretRestart.Result restarted = restart.run();
        if (!restarted.stable()) throw restart.failed(restarted, "The secrets did not change.");
        return new RotationOutcome(null, null, null, restart.services(), start, restarted.lastOldTaskStopped(),
                SecretRestart.seconds(start, restarted.lastOldTaskStopped()));
    }
}
