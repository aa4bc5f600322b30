// The script's JVM runs a short command: C1 only and the serial GC cut its CPU time by about a quarter
// (tests/bench/startup.sh). JVM warnings go to stderr and class-data-sharing messages nowhere, since
// stdout carries the result.
//RUNTIME_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr
//DEPS info.picocli:picocli:4.7.7
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:aws-core
//DEPS software.amazon.awssdk:url-connection-client
//DEPS software.amazon.awssdk:sso
//DEPS software.amazon.awssdk:ssooidc
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES Settings.java
//SOURCES Names.java
//SOURCES Failures.java
//SOURCES Console.java
//SOURCES Aws.java
//SOURCES Ticker.java

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What a run sees of the world; tests hand in their own. */
record RunContext(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err,
        InputStream in, boolean terminal, Function<Config, Aws> awsFactory, Ticker ticker) {

    RunContext(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err,
            InputStream in, boolean terminal, Function<Config, Aws> awsFactory) {
        this(environment, workingDirectory, out, err, in, terminal, awsFactory, Ticker.system());
    }

    static RunContext system() {
        return new RunContext(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err, System.in,
                System.console() != null, Aws::of, Ticker.system());
    }
}

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

/** Runs a picocli command with labs' error handling and exit codes. */
final class Labs {
    private Labs() {
    }

    static void exit(Object command, String... args) {
        System.exit(run(command, RunContext.system(), args));
    }

    static int run(Object command, RunContext context, String... args) {
        CommandLine commandLine = new CommandLine(command);
        LabsOptions options = commandLine.getMixins().values().stream()
                .filter(LabsOptions.class::isInstance).map(LabsOptions.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(command.getClass() + " has no LabsOptions mixin"));
        options.attach(context);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            options.console().error(problem.getMessage() + suggestion(problem) + " (see --help)");
            return LabsException.USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, cli, parsed) -> {
            LabsException explained = options.explain(failure);
            options.console().error(explained.getMessage());
            options.console().summary("**labs " + cli.getCommandName() + " failed:** " + explained.getMessage());
            if (options.debug) failure.printStackTrace(context.err());
            return explained.exitCode;
        });
        try {
            return commandLine.execute(args);
        } finally {
            options.close();
        }
    }

    private static String suggestion(CommandLine.ParameterException problem) {
        if (problem instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + unmatched.getSuggestions().get(0) + "?";
        }
        return "";
    }
}

/** Durations as people type them: 90s, 10m, 2h, 1d, or ISO-8601 (PT10M). */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String text, String optionName) {
        Matcher matcher = SHORT.matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase());
        } catch (DateTimeParseException e) {
            throw LabsException.usage(optionName + " takes a duration such as 90s, 10m or 2h, not '" + text + "'");
        }
    }
}
