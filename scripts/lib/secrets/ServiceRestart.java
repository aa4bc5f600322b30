import java.util.List;

/**
 * Forces a new deployment of the app's services and waits until they are stable, with
 * progress; when they do not become stable it explains why and throws. The rollout engine provides it.
 */
interface ServiceRestart {
    void restart(List<AppService> services);
}
