import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an environment runs, in the units AWS bills: tasks by size, architecture and capacity (each
 * with its public IPv4 address), the database (billed by the hour only while it runs; its storage
 * always), the Redis node (always: ElastiCache cannot be stopped) and the secrets.
 */
record Footprint(List<Tasks> tasks, String dbInstanceClass, boolean databaseRunning, int dbStorageGb, String cacheNodeType,
        int secrets) {

    /** Tasks of one service; architecture is x86_64 or arm64. */
    record Tasks(AppService service, int count, double vcpu, double memoryGb, String architecture, boolean spot) {
    }

    /** The architecture of a platform such as linux/arm64. */
    static String architecture(String platform) {
        return platform != null && platform.endsWith("arm64") ? "arm64" : "x86_64";
    }

    int taskCount() {
        return tasks.stream().mapToInt(Tasks::count).sum();
    }

    /** The price keys an estimate of this footprint needs. */
    Set<String> priceKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Tasks group : tasks) {
            if (group.count() == 0) continue;
            keys.add(Prices.fargate("vcpu", group.architecture(), group.spot()));
            keys.add(Prices.fargate("gb", group.architecture(), group.spot()));
        }
        if (taskCount() > 0) keys.add(Prices.PUBLIC_IPV4_HOUR);
        if (dbInstanceClass != null) {
            keys.add(Prices.dbInstanceHour(dbInstanceClass));
            keys.add(Prices.DB_GP3_GB_MONTH);
        }
        if (cacheNodeType != null) keys.add(Prices.cacheNodeHour(cacheNodeType));
        if (secrets > 0) keys.add(Prices.SECRET_MONTH);
        return keys;
    }
}
