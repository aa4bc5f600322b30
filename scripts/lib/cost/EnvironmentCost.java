import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the environment costs a month: as the settings plan it (provision's plan, the cost command)
 * and as it runs now (status). Figures are estimates at list prices, never a bill.
 */
final class EnvironmentCost {
    private final LabsOptions labs;

    EnvironmentCost(LabsOptions labs) {
        this.labs = labs;
    }

    /** A working week of 10-hour days: the office hours of the comparison. */
    static final OfficeHours WORKING_WEEK = new OfficeHours(AwsCron.parse("cron(0 8 ? * MON-FRI *)"), AwsCron.parse("cron(0 18 ? * MON-FRI *)"),
            ZoneOffset.UTC);

    /** The environment the settings describe, every service at its configured count. */
    private Footprint plannedFootprint(Config config) {
        return footprint(config, Footprint.architecture(config.get(Setting.IMAGE_PLATFORM)), Capacity.from(config) == Capacity.SPOT,
                config.get(Setting.DB_INSTANCE_CLASS), config.get(Setting.CACHE_NODE_TYPE));
    }

    /** The app's own secrets, once set with config, add one. */
    private int secrets() {
        return labs.names().stackSecrets().size();
    }

    private Footprint footprint(Config config, String architecture, boolean spot, String dbInstanceClass, String cacheNodeType) {
        List<Footprint.Tasks> tasks = new ArrayList<>();
        for (AppService service : AppService.values()) {
            tasks.add(new Footprint.Tasks(service, config.desiredCount(service), vcpu(StackSpec.CPU), gigabytes(StackSpec.MEMORY), architecture, spot));
        }
        return new Footprint(tasks, dbInstanceClass, true, StackSpec.DB_STORAGE_GB, cacheNodeType, secrets());
    }

    /**
     * The choices that change the bill, side by side: labs' defaults always on; Spot, Graviton and
     * t4g classes always on, then for a 50-hour working week; asleep all month.
     */
    List<Scenario> comparison() {
        Config config = labs.config();
        Footprint defaults = footprint(config, "x86_64", false, Setting.DB_INSTANCE_CLASS.defaultValue, Setting.CACHE_NODE_TYPE.defaultValue);
        Footprint lean = footprint(config, "arm64", true, "db.t4g.micro", "cache.t4g.micro");
        Footprint asleep = new Footprint(List.of(), lean.dbInstanceClass(), false, lean.dbStorageGb(), lean.cacheNodeType(), secrets());
        Set<String> keys = new LinkedHashSet<>(defaults.priceKeys());
        keys.addAll(lean.priceKeys());
        Optional<Prices> prices = new PriceSource(labs).prices(keys);
        if (prices.isEmpty()) return List.of();
        OfficeHours.Share week = WORKING_WEEK.share();
        return List.of(new Scenario("on demand, x86, t3 classes, always on", CostEstimate.of(defaults, prices.get(), OfficeHours.Share.ALWAYS)),
                new Scenario("Spot, Graviton, t4g classes, always on", CostEstimate.of(lean, prices.get(), OfficeHours.Share.ALWAYS)),
                new Scenario(String.format(Locale.ROOT, "the same, awake %.0f hours a week", week.serviceHoursPerWeek()),
                        CostEstimate.of(lean, prices.get(), week)),
                new Scenario("asleep all month (sleep)", CostEstimate.of(asleep, prices.get(), OfficeHours.Share.ALWAYS)));
    }

    /** Scenarios as a Markdown table: one row each, the resources grouped as AWS bills them. */
    static List<String> table(List<Scenario> scenarios) {
        List<String> groups = List.of("Fargate", "public IPv4", "RDS", "ElastiCache", "secrets");
        List<String> lines = new ArrayList<>();
        lines.add("| choice | " + String.join(" | ", groups) + " | total $/month |");
        lines.add("| --- |" + " ---: |".repeat(groups.size() + 1));
        for (Scenario scenario : scenarios) {
            StringBuilder row = new StringBuilder("| " + scenario.heading() + " |");
            for (String group : groups) {
                double amount = scenario.estimate().items().stream().filter(i -> i.resource().startsWith(group))
                        .mapToDouble(CostEstimate.Item::monthly).sum();
                row.append(String.format(Locale.ROOT, " %.2f |", amount));
            }
            row.append(String.format(Locale.ROOT, " **%.2f** |", scenario.estimate().monthly()));
            lines.add(row.toString());
        }
        return lines;
    }

    /**
     * What runs now: the services' running tasks, the database's hours only while it is not
     * stopped, the Redis node whenever it exists.
     */
    Footprint running(List<Footprint.Tasks> tasks, Observed.Database database, Observed.Cache cache) {
        boolean databaseRuns = database != null && !List.of("stopped", "stopping").contains(database.status());
        return new Footprint(tasks, database == null ? null : database.instanceClass(), databaseRuns,
                database == null ? 0 : database.allocatedStorage(), cache == null ? null : cache.nodeType(), secrets());
    }

    /** An estimate for each way the environment may run: always on, and with its office hours when it has them. */
    record Scenario(String heading, CostEstimate estimate) {
    }

    /** The planned environment's month, always on and with the schedule; empty when no prices are at hand. */
    List<Scenario> planned() {
        Footprint footprint = plannedFootprint(labs.config());
        Optional<Prices> prices = new PriceSource(labs).prices(footprint.priceKeys());
        if (prices.isEmpty()) return List.of();
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(new Scenario("always on", CostEstimate.of(footprint, prices.get(), OfficeHours.Share.ALWAYS)));
        OfficeHours.from(labs.config()).ifPresent(hours -> {
            OfficeHours.Share share = hours.share();
            scenarios.add(new Scenario(String.format(Locale.ROOT, "with the schedule (awake %.0f hours a week)",
                    share.serviceHoursPerWeek()), CostEstimate.of(footprint, prices.get(), share)));
        });
        return scenarios;
    }

    /** The month at the rate of what runs now; empty when no prices are at hand. */
    Optional<CostEstimate> now(Footprint running) {
        return new PriceSource(labs).prices(running.priceKeys())
                .map(prices -> CostEstimate.of(running, prices, OfficeHours.Share.ALWAYS));
    }

    static List<String> lines(List<Scenario> scenarios) {
        List<String> lines = new ArrayList<>();
        scenarios.forEach(s -> lines.addAll(s.estimate().lines(s.heading())));
        return lines;
    }

    static Map<String, Object> json(List<Scenario> scenarios) {
        Map<String, Object> json = new LinkedHashMap<>();
        scenarios.forEach(s -> json.put(s.heading().startsWith("always") ? "alwaysOn" : "scheduled", s.estimate().json()));
        return json;
    }

    /** Task sizes as ECS writes them: CPU units (1024 a vCPU) and MiB. */
    static double vcpu(String cpuUnits) {
        return Integer.parseInt(cpuUnits.strip()) / 1024.0;
    }

    static double gigabytes(String memoryMib) {
        return Integer.parseInt(memoryMib.strip()) / 1024.0;
    }
}
