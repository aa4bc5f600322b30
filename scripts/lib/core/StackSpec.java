import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The stack labs wants, from the names and the settings: what provision compares AWS with. */
record StackSpec(Names names, String region, String dbInstanceClass, int backupRetentionDays, String cacheNodeType,
        int logRetentionDays, String webHealthCheck, Map<String, String> environment, int webPort, GithubDeployer github,
        Capacity capacity, String cpuArchitecture) {

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

    /** A path for an HTTP GET that fits into the health check's shell command unquoted. */
    private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~/?&=%+-]*");

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
        return new StackSpec(labs.names(), labs.aws().region().id(), config.get(Setting.DB_INSTANCE_CLASS),
                number(config, Setting.DB_BACKUP_RETENTION_DAYS, 0), config.get(Setting.CACHE_NODE_TYPE), logRetention,
                webHealthCheck(config),
                Objects.requireNonNullElse(config.appEnvironment(), Map.of()), webPort, GithubDeployer.from(config),
                Capacity.from(config), cpuArchitecture(config));
    }

    /**
     * The task definitions' runtimePlatform.cpuArchitecture for labs.image.platform: Fargate runs
     * an arm64 image only on ARM64 (Graviton) and an amd64 one only on X86_64.
     */
    static String cpuArchitecture(Config config) {
        Resolved platform = config.resolve(Setting.IMAGE_PLATFORM);
        return switch (String.valueOf(platform.value()).trim()) {
            case "linux/amd64" -> "X86_64";
            case "linux/arm64" -> "ARM64";
            default -> throw LabsException.usage(Setting.IMAGE_PLATFORM.key + " must be linux/amd64 or linux/arm64, got '"
                    + platform.value() + "' from " + platform.source());
        };
    }

    /** The web container's health check command, {port} and {path} filled in; null for none. */
    static String webHealthCheck(Config config) {
        String healthCheck = config.get(Setting.WEB_HEALTH_CHECK);
        if (healthCheck == null || healthCheck.isBlank() || "none".equals(healthCheck)) return null;
        return healthCheck.replace("{port}", String.valueOf(config.getPort(Setting.WEB_PORT))).replace("{path}", healthPath(config));
    }

    /** labs.web.health-path: starts with /, and holds nothing a shell or a Python string would read differently. */
    static String healthPath(Config config) {
        Resolved path = config.resolve(Setting.WEB_HEALTH_PATH);
        if (path.value() == null || !HEALTH_PATH.matcher(path.value()).matches()) {
            throw LabsException.usage(Setting.WEB_HEALTH_PATH.key + " must be a URL path starting with /, got '" + path.value()
                    + "' from " + path.source());
        }
        return path.value();
    }

    boolean wantsDeployRole() {
        return github != null;
    }

    StackSpec withGithub(GithubDeployer deployer) {
        return new StackSpec(names, region, dbInstanceClass, backupRetentionDays, cacheNodeType, logRetentionDays, webHealthCheck,
                environment, webPort, deployer, capacity, cpuArchitecture);
    }

    private static int number(Config config, Setting setting, int minimum) {
        Resolved resolved = config.resolve(setting);
        Resolved trimmed = new Resolved(resolved.value().trim(), resolved.source());
        return Config.wholeNumber(setting, trimmed, minimum, Integer.MAX_VALUE, "a whole number of at least " + minimum);
    }
}
