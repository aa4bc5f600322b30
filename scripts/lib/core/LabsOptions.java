import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares, and the run's configuration, names, console and AWS clients. */
final class LabsOptions {
    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Prefix of every resource name (env LABS_PREFIX, default labs-jj).")
    String prefix;

    @Option(names = "--app", paramLabel = "APP",
            description = "Application name (env LABS_APP, default commcare-connect).")
    String app;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (env AWS_REGION).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile, SSO included (env AWS_PROFILE).")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (default: labs.properties in the working directory, if present).")
    Path configFile;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final Map<Setting, String> commandOptions = new EnumMap<>(Setting.class);
    private RunContext context = RunContext.system();
    private Console console;
    private Config config;
    private Aws aws;
    private BufferedReader answers;

    void attach(RunContext runContext) {
        this.context = runContext;
    }

    /** A command's own option for a setting; call before config() is first used. */
    void option(Setting setting, String value) {
        if (value != null) commandOptions.put(setting, value);
    }

    Console console() {
        if (console == null) console = new Console(context.out(), context.err(), context.environment(), context.terminal());
        return console;
    }

    Config config() {
        if (config == null) {
            Map<Setting, String> options = new EnumMap<>(commandOptions);
            if (prefix != null) options.put(Setting.PREFIX, prefix);
            if (app != null) options.put(Setting.APP, app);
            if (region != null) options.put(Setting.REGION, region);
            if (profile != null) options.put(Setting.PROFILE, profile);
            config = Config.load(options, context.environment(), context.workingDirectory(), configFile);
        }
        return config;
    }

    Names names() {
        return config().names();
    }

    /** The user's home folder: HOME of the run's environment, else the JVM's user.home. */
    Path home() {
        String home = context.environment().get("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    Path cacheFolder() {
        return config().cacheFolder(home());
    }

    Aws aws() {
        if (aws == null) aws = context.awsFactory().apply(config());
        return aws;
    }

    RunContext context() {
        return context;
    }

    /** Asks on stderr and reads the answer from stdin; null when there is no more input. */
    String ask(String question) {
        console().prompt(question);
        if (answers == null) answers = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
        try {
            return answers.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A secret from standard input: typed without echo on a terminal, else all of stdin (a value may
     * span lines) with one trailing newline stripped. Registered with the console before anything
     * else can see it; null when there is none.
     */
    String readSecret(String prompt) {
        String value;
        java.io.Console terminal = context.terminal() ? System.console() : null;
        if (terminal != null) {
            char[] typed = terminal.readPassword("%s", prompt);
            value = typed == null ? null : new String(typed);
        } else {
            try {
                value = new String(context.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                value = null;
            }
            if (value != null && value.endsWith("\n")) value = value.substring(0, value.length() - 1);
            if (value != null && value.endsWith("\r")) value = value.substring(0, value.length() - 1);
        }
        if (value == null || value.isEmpty()) return null;
        console().secret(value);
        return value;
    }

    Ticker ticker() {
        return context.ticker();
    }

    /** A missing resource, named with the setting that produced its name. */
    LabsException notFound(String resource, String name, String advice) {
        Resolved prefixSetting = config().resolve(Setting.PREFIX);
        return LabsException.failed(resource + " '" + name + "' not found in " + aws().region() + " (prefix '"
                + prefixSetting.value() + "' from " + prefixSetting.source() + "): " + advice);
    }

    LabsException explain(Throwable failure) {
        String operation = aws == null ? null : aws.lastOperation();
        String profileName = config == null ? null : config.get(Setting.PROFILE);
        return Failures.explain(failure, operation, profileName);
    }

    void close() {
        if (aws != null) aws.close();
    }
}
