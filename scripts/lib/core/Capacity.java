import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the services' tasks run (labs.capacity): on-demand Fargate, or Fargate Spot at a discount
 * with the risk of an interruption at two minutes' notice. One-off tasks (migrations) always run
 * on-demand, whatever this says.
 */
enum Capacity {
    ON_DEMAND("on-demand", "FARGATE", "Fargate"),
    SPOT("spot", "FARGATE_SPOT", "Fargate Spot");

    /** The capacity providers a Spot cluster carries: FARGATE too, since ECS may only fall back to a provider the cluster has. */
    static final List<String> FARGATE_PROVIDERS = List.of("FARGATE", "FARGATE_SPOT");

    final String value;
    /** The Fargate capacity provider of this choice. */
    final String provider;
    final String label;

    Capacity(String value, String provider, String label) {
        this.value = value;
        this.provider = provider;
        this.label = label;
    }

    static Capacity from(Config config) {
        Resolved resolved = config.resolve(Setting.CAPACITY);
        String value = resolved.value() == null ? "" : resolved.value().trim();
        return Arrays.stream(values()).filter(c -> c.value.equals(value)).findFirst()
                .orElseThrow(() -> LabsException.usage(Setting.CAPACITY.key + " must be "
                        + Arrays.stream(values()).map(c -> c.value).collect(Collectors.joining(" or ")) + ", got '" + value
                        + "' from " + resolved.source()));
    }

    /**
     * What a service runs on, from DescribeServices: its launch type, or its capacity provider
     * strategy when it has one (the launch type is then empty). A strategy of FARGATE alone is
     * on-demand like the launch type FARGATE; anything else (a mix, EC2, the cluster's default) is
     * neither, and null.
     */
    static Capacity of(String launchType, List<String> strategyProviders) {
        if (strategyProviders.isEmpty()) return "FARGATE".equals(launchType) ? ON_DEMAND : null;
        return Arrays.stream(values()).filter(c -> strategyProviders.stream().allMatch(c.provider::equals)).findFirst().orElse(null);
    }
}
