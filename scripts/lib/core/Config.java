import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration, highest first: command-line option, environment variable, labs.properties
 * (working directory or --config), built-in default.
 */
final class Config {
    static final String FILE_NAME = "labs.properties";
    /** labs.image.env.NAME=value sets an environment variable of the image. */
    static final String IMAGE_ENV_PREFIX = "labs.image.env.";
    /** env.NAME=VALUE sets an environment variable of the app's containers at every deploy. */
    static final String APP_ENV_PREFIX = "env.";

    private final Map<Setting, String> options;
    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final String fileName;
    private final boolean fileFound;

    private Config(Map<Setting, String> options, Map<String, String> environment, Map<String, String> file,
            String fileName, boolean fileFound) {
        this.options = options;
        this.environment = environment;
        this.file = file;
        this.fileName = fileName;
        this.fileFound = fileFound;
    }

    /** Reads the properties file (the explicit one must exist) and rejects unknown keys. */
    static Config load(Map<Setting, String> options, Map<String, String> environment, Path workingDirectory,
            Path explicitFile) {
        Path path = explicitFile != null ? workingDirectory.resolve(explicitFile) : workingDirectory.resolve(FILE_NAME);
        if (explicitFile != null && !Files.isRegularFile(path)) {
            throw LabsException.usage("Configuration file " + path + " does not exist (--config)");
        }
        boolean found = Files.isRegularFile(path);
        Map<String, String> file = found ? readProperties(path) : Map.of();
        for (String key : file.keySet()) {
            if (key.startsWith(APP_ENV_PREFIX) && !AppEnvironment.validName(key.substring(APP_ENV_PREFIX.length()))) {
                throw LabsException.usage("'" + key + "' in " + path + " is not env.NAME with an environment variable name"
                        + " (letters, digits and _, not starting with a digit)");
            }
            if (Setting.byKey(key).isEmpty() && !key.startsWith(IMAGE_ENV_PREFIX) && !key.startsWith(APP_ENV_PREFIX)) {
                throw LabsException.usage("Unknown setting '" + key + "' in " + path + ": did you mean '"
                        + Setting.nearestKey(key) + "'?");
            }
        }
        return new Config(options, environment, file, path.toString(), found);
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
        return wholeNumber(setting, resolve(setting), 1, 65535, "a port number");
    }

    /** The image environment variables set in labs.properties (labs.image.env.NAME=value). */
    Map<String, String> imageEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        file.forEach((key, value) -> {
            if (key.startsWith(IMAGE_ENV_PREFIX)) variables.put(key.substring(IMAGE_ENV_PREFIX.length()), value);
        });
        return variables;
    }

    /**
     * The app's environment entries, placeholders not yet expanded: labs.environment, then the
     * file's env.NAME entries over it; null when there is no labs.properties and no
     * labs.environment (a run from outside the app's checkout keeps what the last deploy recorded).
     * An unknown ${placeholder} is a usage error.
     */
    Map<String, String> appEnvironment() {
        Resolved list = resolve(Setting.CONTAINER_ENVIRONMENT);
        if (!fileFound && (list.value() == null || list.value().isBlank())) return null;
        Map<String, String> entries = new LinkedHashMap<>(environmentList(list));
        file.forEach((key, value) -> {
            if (key.startsWith(APP_ENV_PREFIX)) entries.put(key.substring(APP_ENV_PREFIX.length()), value);
        });
        AppEnvironment.checkPlaceholders(entries, fileName);
        return entries;
    }

    /** Where the app's environment entries come from, for messages. */
    String appEnvironmentSource() {
        return fileName;
    }

    private static Map<String, String> environmentList(Resolved resolved) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (resolved.value() == null || resolved.value().isBlank()) return environment;
        for (String pair : resolved.value().split(",")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair.trim() : pair.substring(0, equals).trim();
            if (equals < 0 || !AppEnvironment.validName(name)) {
                throw LabsException.usage(Setting.CONTAINER_ENVIRONMENT.key + " takes KEY=VALUE pairs separated by commas; '"
                        + pair.trim() + "' (from " + resolved.source() + ") is not one");
            }
            environment.put(name, pair.substring(equals + 1).trim());
        }
        return environment;
    }

    /** A number of tasks: 1 or more. */
    int getTaskCount(Setting setting) {
        return wholeNumber(setting, resolve(setting), 1, Integer.MAX_VALUE, "a number of tasks (1 or more)");
    }

    /** The tasks a service runs when awake: labs.web.desired-count or labs.worker.desired-count. */
    int desiredCount(AppService service) {
        return getTaskCount(switch (service) {
            case WEB -> Setting.WEB_DESIRED_COUNT;
            case WORKER -> Setting.WORKER_DESIRED_COUNT;
        });
    }

    /**
     * A setting's value as a whole number from minimum to maximum; otherwise a usage error that says
     * what was expected ("must be EXPECTED") and where the value came from.
     */
    /** labs' cache folder (dependency builds, layers, prices): labs.image.cache, else ~/.cache/labs. */
    Path cacheFolder(Path home) {
        String cache = get(Setting.IMAGE_CACHE);
        return cache != null ? Path.of(cache) : home.resolve(".cache").resolve("labs");
    }

    static int wholeNumber(Setting setting, Resolved resolved, int minimum, int maximum, String expected) {
        try {
            int value = Integer.parseInt(resolved.value());
            if (value >= minimum && value <= maximum) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LabsException.usage(setting.key + " must be " + expected + ", got '" + resolved.value() + "' from "
                + resolved.source());
    }

    Names names() {
        return Names.of(resolve(Setting.PREFIX), resolve(Setting.APP), get(Setting.GITHUB_DEPLOY_ROLE));
    }
}
