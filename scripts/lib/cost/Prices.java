import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * List prices in USD of what an environment is billed for, in one region, by the keys below, and
 * where they came from (the Price List API on a date, or labs' built-in table of a date).
 */
record Prices(String region, String source, Map<String, Double> rates) {
    static final String PUBLIC_IPV4_HOUR = "public-ipv4.hour";
    static final String SECRET_MONTH = "secret.month";
    static final String DB_GP3_GB_MONTH = "rds.gp3.gb-month";

    Prices {
        rates = Map.copyOf(new TreeMap<>(rates));
    }

    /** Fargate's price of a vCPU-hour or a GB-hour for an architecture (x86_64, arm64) on demand or on Spot. */
    static String fargate(String unit, String architecture, boolean spot) {
        return "fargate." + unit + "-hour." + architecture + (spot ? ".spot" : ".on-demand");
    }

    static String dbInstanceHour(String instanceClass) {
        return "rds.hour." + instanceClass;
    }

    static String cacheNodeHour(String nodeType) {
        return "elasticache.hour." + nodeType;
    }

    OptionalDouble rate(String key) {
        Double rate = rates.get(key);
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }

    boolean has(String key) {
        return rates.containsKey(key);
    }
}
