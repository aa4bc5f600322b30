import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** How a watched deployment stands, decided from DescribeServices alone. */
record Verdict(State state, String reason) {
    enum State { WAITING, SUCCEEDED, FAILED }

    static final Verdict WAITING = new Verdict(State.WAITING, null);

    static Verdict failed(String reason) {
        return new Verdict(State.FAILED, reason);
    }

    /**
     * Success is the primary deployment being ours, its rollout COMPLETED and running == desired
     * >= 1. The SDK's servicesStable waiter is not enough: after a circuit-breaker rollback the
     * service is stable again, on the old revision, and the waiter reports success.
     */
    static Verdict of(Service service, Target target) {
        Optional<Deployment> ours = service.deployments().stream()
                .filter(d -> d.id().equals(target.deploymentId())).findFirst();
        Optional<Deployment> primary = service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status())).findFirst();
        if (primary.isEmpty()) return WAITING;
        if (!primary.get().id().equals(target.deploymentId())) {
            String now = "; the service now runs " + Ecs.revisionOf(primary.get().taskDefinition());
            return ours.filter(d -> "FAILED".equals(d.rolloutStateAsString()))
                    .map(d -> failed("deployment " + d.id() + " failed and ECS rolled it back: " + d.rolloutStateReason() + now))
                    .orElse(failed("deployment " + target.deploymentId() + " is no longer the primary one (rolled back by "
                            + "the deployment circuit breaker, or replaced by another deploy)" + now));
        }
        Deployment deployment = primary.get();
        String state = deployment.rolloutStateAsString();
        if ("FAILED".equals(state)) return failed("deployment " + deployment.id() + " failed: " + deployment.rolloutStateReason());
        if (deployment.desiredCount() == 0) return failed("the service's desired count is 0, so no task of it will run");
        boolean rolledOut = state == null ? service.deployments().size() == 1 : "COMPLETED".equals(state);
        boolean allRunning = deployment.runningCount().equals(deployment.desiredCount());
        return rolledOut && allRunning ? new Verdict(State.SUCCEEDED, null) : WAITING;
    }
}
