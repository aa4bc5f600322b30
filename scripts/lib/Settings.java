import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Every setting labs knows, with its labs.properties key, environment variable and default. */
enum Setting {
    PREFIX("labs.prefix", "LABS_PREFIX", "labs-jj", "prefix of every resource name"),
    APP("labs.app", "LABS_APP", "commcare-connect", "application name (the ECR repository is PREFIX-APP)"),
    REGION("labs.region", "AWS_REGION", null, "AWS region (default: the profile's region)"),
    PROFILE("labs.profile", "AWS_PROFILE", null, "AWS profile, SSO profiles included (default: the credential chain)"),
    GITHUB_DEPLOY_ROLE("labs.github.deploy-role", "LABS_GITHUB_DEPLOY_ROLE", "github-actions-labs-deploy",
            "IAM role that GitHub Actions assumes"),
    WEB_PORT("labs.web.port", "LABS_WEB_PORT", "8000", "port the web container serves HTTP on"),
    DB_INSTANCE_CLASS("labs.db.instance-class", "LABS_DB_INSTANCE_CLASS", "db.t3.micro",
            "RDS instance class (the subnets go to the first two zones that offer it)"),
    DB_BACKUP_RETENTION_DAYS("labs.db.backup-retention-days", "LABS_DB_BACKUP_RETENTION_DAYS", "1",
            "days RDS keeps automated backups (0 turns them off)"),
    CACHE_NODE_TYPE("labs.cache.node-type", "LABS_CACHE_NODE_TYPE", "cache.t3.micro", "ElastiCache Redis node type"),
    LOG_RETENTION_DAYS("labs.logs.retention-days", "LABS_LOG_RETENTION_DAYS", "14",
            "days CloudWatch keeps container logs (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...)"),
    WEB_HEALTH_CHECK("labs.web.health-check", "LABS_WEB_HEALTH_CHECK",
            "python -c \"import socket; socket.create_connection(('localhost', {port}), 5)\"",
            "shell command that exits 0 while the web container serves; {port} stands for labs.web.port (none: no health check)"),
    CONTAINER_ENVIRONMENT("labs.environment", "LABS_ENVIRONMENT", null,
            "extra container environment as KEY=VALUE,KEY=VALUE (no secrets: those belong in Secrets Manager)"),
    GITHUB_REPO("labs.github.repo", "LABS_GITHUB_REPO", null,
            "OWNER/NAME of the GitHub repository whose workflows may deploy (provision then creates the deploy role)"),
    GITHUB_REF("labs.github.ref", "LABS_GITHUB_REF", null,
            "branch or pattern the deploy role is limited to, e.g. main or release/* (default: any ref of the repository)"),
    WEB_DESIRED_COUNT("labs.web.desired-count", "LABS_WEB_DESIRED_COUNT", "1",
            "tasks of the web service that deploy starts when the service is at 0"),
    WORKER_DESIRED_COUNT("labs.worker.desired-count", "LABS_WORKER_DESIRED_COUNT", "1",
            "tasks of the worker service that deploy starts when the service is at 0"),
    MIGRATE_COMMAND("labs.migrate.command", "LABS_MIGRATE_COMMAND", "/migrate",
            "command of the one-off migration task (upstream CommCare Connect: python manage.py migrate_multi --noinput)");

    final String key;
    final String environmentVariable;
    final String defaultValue;
    final String description;

    Setting(String key, String environmentVariable, String defaultValue, String description) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    static String nearestKey(String unknown) {
        return Arrays.stream(values()).map(s -> s.key)
                .min(Comparator.comparingInt(k -> editDistance(k, unknown))).orElseThrow();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }
}

/** A setting's value and where it came from, so that an error can name the place to fix. */
record Resolved(String value, String source) {
}

/**
 * Configuration, highest first: command-line option, environment variable, labs.properties
 * (working directory or --config), built-in default.
 */
final class Config {
    static final String FILE_NAME = "labs.properties";

    private final Map<Setting, String> options;
    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final String fileName;

    private Config(Map<Setting, String> options, Map<String, String> environment, Map<String, String> file,
            String fileName) {
        this.options = options;
        this.environment = environment;
        this.file = file;
        this.fileName = fileName;
    }

    /** Reads the properties file (the explicit one must exist) and rejects unknown keys. */
    static Config load(Map<Setting, String> options, Map<String, String> environment, Path workingDirectory,
            Path explicitFile) {
        Path path = explicitFile != null ? workingDirectory.resolve(explicitFile) : workingDirectory.resolve(FILE_NAME);
        if (explicitFile != null && !Files.isRegularFile(path)) {
            throw LabsException.usage("Configuration file " + path + " does not exist (--config)");
        }
        Map<String, String> file = Files.isRegularFile(path) ? readProperties(path) : Map.of();
        for (String key : file.keySet()) {
            if (Setting.byKey(key).isEmpty()) {
                throw LabsException.usage("Unknown setting '" + key + "' in " + path + ": did you mean '"
                        + Setting.nearestKey(key) + "'?");
            }
        }
        return new Config(options, environment, file, path.toString());
    }

    private static Map<String, String> readProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }

    Resolved resolve(Setting setting) {
        String option = options.get(setting);
        if (option != null) return new Resolved(option, "the command-line option");
        String fromEnvironment = environment.get(setting.environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Resolved(fromEnvironment, setting.environmentVariable);
        }
        String fromFile = file.get(setting.key);
        if (fromFile != null && !fromFile.isBlank()) return new Resolved(fromFile, setting.key + " in " + fileName);
        return new Resolved(setting.defaultValue, "the default");
    }

    String get(Setting setting) {
        return resolve(setting).value();
    }

    int getPort(Setting setting) {
        Resolved resolved = resolve(setting);
        try {
            int port = Integer.parseInt(resolved.value());
            if (port > 0 && port < 65536) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LabsException.usage(setting.key + " must be a port number, got '" + resolved.value() + "' from "
                + resolved.source());
    }

    /** A number of tasks: 1 or more. */
    int getTaskCount(Setting setting) {
        Resolved resolved = resolve(setting);
        try {
            int count = Integer.parseInt(resolved.value());
            if (count >= 1) return count;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LabsException.usage(setting.key + " must be a number of tasks (1 or more), got '" + resolved.value()
                + "' from " + resolved.source());
    }

    Names names() {
        return Names.of(resolve(Setting.PREFIX), resolve(Setting.APP), get(Setting.GITHUB_DEPLOY_ROLE));
    }
}
