import java.util.List;

/**
 * Forces a new deployment of services ("web", "worker") and waits until they are stable, with
 * progress; when they do not become stable it explains why and throws. The rollout engine provides it.
 */
interface ServiceRestart {
    void restart(List<String> services);
}
