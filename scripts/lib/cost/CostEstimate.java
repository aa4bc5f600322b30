import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a footprint costs a month at list prices: AWS bills by the hour, and a month is taken as
 * 730 hours (AWS's own calculator does the same). ECR storage, CloudWatch Logs and CodeBuild minutes
 * are left out: under a dollar each for an environment of this size.
 */
record CostEstimate(List<Item> items, String region, String source, boolean spot) {
    static final double HOURS_PER_MONTH = 730;
    static final String CURRENCY = "USD";
    static final String LEFT_OUT = "ECR storage, CloudWatch Logs and CodeBuild minutes not included (usually under $1 each)";

    /** One resource's share of the month, and how it was reckoned. */
    record Item(String resource, double monthly, String basis) {
    }

    /**
     * The month of this footprint with the prices given: the services billed for the share of
     * time they are awake, the database's hours for its own share, everything else always.
     */
    static CostEstimate of(Footprint footprint, Prices prices, OfficeHours.Share share) {
        List<Item> items = new ArrayList<>();
        for (Footprint.Tasks group : footprint.tasks()) {
            if (group.count() == 0) continue;
            double hourly = group.vcpu() * rate(prices, Prices.fargate("vcpu", group.architecture(), group.spot()))
                    + group.memoryGb() * rate(prices, Prices.fargate("gb", group.architecture(), group.spot()));
            items.add(new Item("Fargate " + group.service().id, group.count() * hourly * HOURS_PER_MONTH * share.services(),
                    group.count() + " task" + (group.count() == 1 ? "" : "s") + " of " + number(group.vcpu()) + " vCPU, "
                            + number(group.memoryGb()) + " GB, " + group.architecture() + (group.spot() ? ", Spot" : ", on demand")
                            + awake(share.services())));
        }
        int addresses = footprint.taskCount();
        if (addresses > 0) {
            items.add(new Item("public IPv4", addresses * rate(prices, Prices.PUBLIC_IPV4_HOUR) * HOURS_PER_MONTH * share.services(),
                    addresses + " address" + (addresses == 1 ? "" : "es") + ", one per task" + awake(share.services())));
        }
        if (footprint.dbInstanceClass() != null) {
            double running = footprint.databaseRunning() ? share.database() : 0;
            items.add(new Item("RDS " + footprint.dbInstanceClass(),
                    rate(prices, Prices.dbInstanceHour(footprint.dbInstanceClass())) * HOURS_PER_MONTH * running,
                    footprint.databaseRunning() ? "PostgreSQL, single-AZ" + awake(running) : "stopped: no instance hours"));
            items.add(new Item("RDS storage", footprint.dbStorageGb() * rate(prices, Prices.DB_GP3_GB_MONTH),
                    footprint.dbStorageGb() + " GB gp3, billed asleep too"));
        }
        if (footprint.cacheNodeType() != null) {
            items.add(new Item("ElastiCache " + footprint.cacheNodeType(),
                    rate(prices, Prices.cacheNodeHour(footprint.cacheNodeType())) * HOURS_PER_MONTH, "one Redis node, always on (it cannot be stopped)"));
        }
        if (footprint.secrets() > 0) {
            items.add(new Item("secrets", footprint.secrets() * rate(prices, Prices.SECRET_MONTH), footprint.secrets() + " in Secrets Manager"));
        }
        boolean spot = footprint.tasks().stream().anyMatch(t -> t.spot() && t.count() > 0);
        return new CostEstimate(List.copyOf(items), prices.region(), prices.source(), spot);
    }

    double monthly() {
        return items.stream().mapToDouble(Item::monthly).sum();
    }

    /** The estimate under a heading such as "always on": a total, then one line per resource. */
    List<String> lines(String heading) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-8s ≈ %s a month %s (list prices in %s from %s)", "cost", dollars(monthly()), heading,
                region, source));
        int width = items.stream().mapToInt(i -> i.resource().length()).max().orElse(0);
        for (Item item : items) {
            lines.add(String.format(Locale.ROOT, "%-8s   %-" + width + "s  %8s  %s", "", item.resource(), dollars(item.monthly()), item.basis()));
        }
        lines.add(String.format(Locale.ROOT, "%-8s   %s%s", "", LEFT_OUT, spot ? "; Spot prices change with demand: today's list rate" : ""));
        return lines;
    }

    /** For --json: the total and each resource, in USD a month. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("monthly", round(monthly()));
        json.put("currency", CURRENCY);
        json.put("region", region);
        json.put("prices", source);
        json.put("resources", items.stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("resource", i.resource());
            item.put("monthly", round(i.monthly()));
            item.put("basis", i.basis());
            return item;
        }).collect(Collectors.toList()));
        return json;
    }

    static String dollars(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }

    private static double round(double amount) {
        return Math.round(amount * 100) / 100.0;
    }

    private static double rate(Prices prices, String key) {
        return prices.rate(key).orElseThrow(() -> new IllegalStateException("no price for " + key));
    }

    private static String awake(double share) {
        return share >= 1 ? "" : String.format(Locale.ROOT, ", awake %.0f%% of the time", share * 100);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
