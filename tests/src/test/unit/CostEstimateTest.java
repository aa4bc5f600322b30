import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The month of known stacks against us-east-1 list prices as the AWS price list gave them on
 * 2026-12-01 (this table), worked out by hand: a wrong formula changes a figure.
 */
class CostEstimateTest {
    private static final Prices US_EAST_1 = new Prices("us-east-1", "the test's table of 2026-12-01", Map.ofEntries(
            Map.entry(Prices.fargate("vcpu", "x86_64", false), 0.04048), Map.entry(Prices.fargate("gb", "x86_64", false), 0.004445),
            Map.entry(Prices.fargate("vcpu", "arm64", true), 0.009714), Map.entry(Prices.fargate("gb", "arm64", true), 0.001068),
            Map.entry(Prices.dbInstanceHour("db.t3.micro"), 0.018), Map.entry(Prices.dbInstanceHour("db.t4g.micro"), 0.016),
            Map.entry(Prices.DB_GP3_GB_MONTH, 0.115), Map.entry(Prices.cacheNodeHour("cache.t3.micro"), 0.017),
            Map.entry(Prices.cacheNodeHour("cache.t4g.micro"), 0.016), Map.entry(Prices.PUBLIC_IPV4_HOUR, 0.005),
            Map.entry(Prices.SECRET_MONTH, 0.40)));
    private static final OfficeHours.Share WORKING_WEEK = EnvironmentCost.WORKING_WEEK.share();

    private static Footprint stack(String architecture, boolean spot, String db, String cache) {
        return new Footprint(List.of(new Footprint.Tasks(AppService.WEB, 1, 0.5, 1, architecture, spot),
                new Footprint.Tasks(AppService.WORKER, 1, 0.5, 1, architecture, spot)), db, true, 20, cache, 3);
    }

    private static Map<String, Double> byResource(CostEstimate estimate) {
        return estimate.items().stream().collect(Collectors.toMap(CostEstimate.Item::resource, i -> Math.round(i.monthly() * 100) / 100.0));
    }

    @Test
    void labsDefaultsAlwaysOnCostAboutSeventyTwoDollars() {
        CostEstimate estimate = CostEstimate.of(stack("x86_64", false, "db.t3.micro", "cache.t3.micro"), US_EAST_1, OfficeHours.Share.ALWAYS);
        // a task: 0.5 vCPU x 0.04048 + 1 GB x 0.004445 = 0.024685 an hour, 730 hours
        assertEquals(Map.of("Fargate web", 18.02, "Fargate worker", 18.02, "public IPv4", 7.30, "RDS db.t3.micro", 13.14,
                "RDS storage", 2.30, "ElastiCache cache.t3.micro", 12.41, "secrets", 1.20), byResource(estimate));
        assertEquals(72.39, estimate.monthly(), 0.005);
    }

    @Test
    void spotGravitonAndT4gClassesAlwaysOnStayUnderFortySevenDollars() {
        CostEstimate estimate = CostEstimate.of(stack("arm64", true, "db.t4g.micro", "cache.t4g.micro"), US_EAST_1, OfficeHours.Share.ALWAYS);
        assertEquals(4.33, byResource(estimate).get("Fargate web"));
        assertEquals(42.81, estimate.monthly(), 0.005);
        assertTrue(estimate.lines("always on").stream().anyMatch(l -> l.contains("Spot prices change with demand")), estimate.lines("always on")::toString);
    }

    @Test
    void aFiftyHourWeekBillsTasksAndDatabaseHoursOnlyWhileAwake() {
        CostEstimate estimate = CostEstimate.of(stack("arm64", true, "db.t4g.micro", "cache.t4g.micro"), US_EAST_1, WORKING_WEEK);
        Map<String, Double> items = byResource(estimate);
        assertEquals(1.29, items.get("Fargate web"), "4.33 x 50/168");
        assertEquals(2.17, items.get("public IPv4"), "7.30 x 50/168");
        assertEquals(3.59, items.get("RDS db.t4g.micro"), "11.68 x 51.67/168: it starts 15 minutes before the services and stops 5 after");
        assertEquals(2.30, items.get("RDS storage"), "storage is billed asleep too");
        assertEquals(11.68, items.get("ElastiCache cache.t4g.micro"), "ElastiCache cannot be stopped");
        assertEquals(23.52, estimate.monthly(), 0.005);
    }

    @Test
    void asleepAllMonthLeavesStorageRedisAndSecrets() {
        Footprint asleep = new Footprint(List.of(new Footprint.Tasks(AppService.WEB, 0, 0.5, 1, "arm64", true)), "db.t4g.micro", false, 20,
                "cache.t4g.micro", 3);
        CostEstimate estimate = CostEstimate.of(asleep, US_EAST_1, OfficeHours.Share.ALWAYS);
        assertEquals(Map.of("RDS db.t4g.micro", 0.0, "RDS storage", 2.30, "ElastiCache cache.t4g.micro", 11.68, "secrets", 1.20),
                byResource(estimate));
        assertEquals(15.18, estimate.monthly(), 0.005);
    }

    @Test
    void theBuiltInTableReachesTheTargetsOfTheCostIssue() {
        Prices builtIn = BuiltInPrices.of("us-east-1").orElseThrow();
        assertTrue(CostEstimate.of(stack("x86_64", false, "db.t3.micro", "cache.t3.micro"), builtIn, OfficeHours.Share.ALWAYS).monthly() < 75);
        assertTrue(CostEstimate.of(stack("arm64", true, "db.t4g.micro", "cache.t4g.micro"), builtIn, OfficeHours.Share.ALWAYS).monthly() <= 47);
        assertTrue(CostEstimate.of(stack("arm64", true, "db.t4g.micro", "cache.t4g.micro"), builtIn, WORKING_WEEK).monthly() <= 25);
        assertTrue(BuiltInPrices.of("ap-southeast-2").isEmpty(), "the table has two regions, not guesses for the others");
    }
}
