import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices for when the Price List API cannot be reached or is denied: AWS's public on-demand list
 * prices of two regions as labs recorded them, with the date. Spot rates are the ones listed on
 * that date; they change with supply and demand.
 */
final class BuiltInPrices {
    static final String DATE = "2026-12-01";

    private BuiltInPrices() {
    }

    static Optional<Prices> of(String region) {
        Map<String, Double> rates = switch (region) {
            case "us-east-1" -> usEast1();
            case "eu-west-1" -> euWest1();
            default -> null;
        };
        return Optional.ofNullable(rates).map(r -> new Prices(region, "labs' built-in table of " + DATE, r));
    }

    private static Map<String, Double> usEast1() {
        Map<String, Double> rates = fargate(0.04048, 0.004445, 0.03238, 0.00356, 0.012144, 0.0013335, 0.009714, 0.001068);
        rates.putAll(Map.of(Prices.dbInstanceHour("db.t3.micro"), 0.018, Prices.dbInstanceHour("db.t4g.micro"), 0.016,
                Prices.dbInstanceHour("db.t3.small"), 0.036, Prices.dbInstanceHour("db.t4g.small"), 0.032,
                Prices.DB_GP3_GB_MONTH, 0.115,
                Prices.cacheNodeHour("cache.t3.micro"), 0.017, Prices.cacheNodeHour("cache.t4g.micro"), 0.016,
                Prices.cacheNodeHour("cache.t3.small"), 0.034, Prices.cacheNodeHour("cache.t4g.small"), 0.032));
        rates.putAll(Map.of(Prices.PUBLIC_IPV4_HOUR, 0.005, Prices.SECRET_MONTH, 0.40));
        return rates;
    }

    private static Map<String, Double> euWest1() {
        Map<String, Double> rates = fargate(0.04456, 0.004865, 0.03565, 0.00389, 0.013368, 0.0014595, 0.010695, 0.001167);
        rates.putAll(Map.of(Prices.dbInstanceHour("db.t3.micro"), 0.019, Prices.dbInstanceHour("db.t4g.micro"), 0.017,
                Prices.dbInstanceHour("db.t3.small"), 0.038, Prices.dbInstanceHour("db.t4g.small"), 0.034,
                Prices.DB_GP3_GB_MONTH, 0.127,
                Prices.cacheNodeHour("cache.t3.micro"), 0.018, Prices.cacheNodeHour("cache.t4g.micro"), 0.017,
                Prices.cacheNodeHour("cache.t3.small"), 0.036, Prices.cacheNodeHour("cache.t4g.small"), 0.034));
        rates.putAll(Map.of(Prices.PUBLIC_IPV4_HOUR, 0.005, Prices.SECRET_MONTH, 0.40));
        return rates;
    }

    private static Map<String, Double> fargate(double vcpu, double gb, double armVcpu, double armGb, double spotVcpu, double spotGb,
            double spotArmVcpu, double spotArmGb) {
        Map<String, Double> rates = new HashMap<>();
        rates.put(Prices.fargate("vcpu", "x86_64", false), vcpu);
        rates.put(Prices.fargate("gb", "x86_64", false), gb);
        rates.put(Prices.fargate("vcpu", "arm64", false), armVcpu);
        rates.put(Prices.fargate("gb", "arm64", false), armGb);
        rates.put(Prices.fargate("vcpu", "x86_64", true), spotVcpu);
        rates.put(Prices.fargate("gb", "x86_64", true), spotGb);
        rates.put(Prices.fargate("vcpu", "arm64", true), spotArmVcpu);
        rates.put(Prices.fargate("gb", "arm64", true), spotArmGb);
        return rates;
    }
}
