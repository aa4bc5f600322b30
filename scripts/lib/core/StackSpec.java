import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The stack labs wants, from the names and the settings: what provision compares AWS with. */
record StackSpec(Names names, String region, String dbInstanceClass, int backupRetentionDays, String cacheNodeType,
        int logRetentionDays, String webHealthCheck, Map<String, String> environment, int webPort, GithubDeployer github) {

    static final String VPC_CIDR = "10.0.0.0/16";
    static final String POSTGRES_MAJOR_VERSION = "15";
    static final int DB_STORAGE_GB = 20;
    static final String DB_STORAGE_TYPE = "gp3";
    static final String REDIS_VERSION = "7.1";
    static final int POSTGRES_PORT = 5432;
    static final int REDIS_PORT = 6379;
    static final int IMAGES_KEPT = 30;
    static final String CPU = "512";
    static final String MEMORY = "1024";
    /** Values CloudWatch Logs accepts for PutRetentionPolicy (API reference, retentionInDays). */
    static final List<Integer> LOG_RETENTION_VALUES = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static String subnetCidr(int number) {
        return "10.0." + number + ".0/24";
    }

    static StackSpec from(LabsOptions labs) {
        Config config = labs.config();
        int logRetention = number(config, Setting.LOG_RETENTION_DAYS, 1);
        if (!LOG_RETENTION_VALUES.contains(logRetention)) {
            throw LabsException.usage(Setting.LOG_RETENTION_DAYS.key + " must be one of " + LOG_RETENTION_VALUES
                    + " (CloudWatch accepts only these), got " + logRetention + " from "
                    + config.resolve(Setting.LOG_RETENTION_DAYS).source());
        }
        int webPort = config.getPort(Setting.WEB_PORT);
        String healthCheck = config.get(Setting.WEB_HEALTH_CHECK);
        return new StackSpec(labs.names(), labs.aws().region().id(), config.get(Setting.DB_INSTANCE_CLASS),
                number(config, Setting.DB_BACKUP_RETENTION_DAYS, 0), config.get(Setting.CACHE_NODE_TYPE), logRetention,
                healthCheck == null || healthCheck.isBlank() || "none".equals(healthCheck) ? null
                        : healthCheck.replace("{port}", String.valueOf(webPort)),
                environment(config), webPort, GithubDeployer.from(config));
    }

    boolean wantsDeployRole() {
        return github != null;
    }

    StackSpec withGithub(GithubDeployer deployer) {
        return new StackSpec(names, region, dbInstanceClass, backupRetentionDays, cacheNodeType, logRetentionDays, webHealthCheck,
                environment, webPort, deployer);
    }

    private static int number(Config config, Setting setting, int minimum) {
        Resolved resolved = config.resolve(setting);
        Resolved trimmed = new Resolved(resolved.value().trim(), resolved.source());
        return Config.wholeNumber(setting, trimmed, minimum, Integer.MAX_VALUE, "a whole number of at least " + minimum);
    }

    private static Map<String, String> environment(Config config) {
        Resolved resolved = config.resolve(Setting.CONTAINER_ENVIRONMENT);
        Map<String, String> environment = new LinkedHashMap<>();
        if (resolved.value() == null || resolved.value().isBlank()) return environment;
        for (String pair : resolved.value().split(",")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair.trim() : pair.substring(0, equals).trim();
            if (equals < 0 || !ENVIRONMENT_NAME.matcher(name).matches()) {
                throw LabsException.usage(Setting.CONTAINER_ENVIRONMENT.key + " takes KEY=VALUE pairs separated by commas; '"
                        + pair.trim() + "' (from " + resolved.source() + ") is not one");
            }
            environment.put(name, pair.substring(equals + 1).trim());
        }
        return environment;
    }
}
