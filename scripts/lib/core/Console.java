import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where output goes: the result on stdout, everything else on stderr. Under GitHub Actions errors
 * also become annotations, secrets are masked and a summary is appended to the step summary.
 */
final class Console {
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";
    /** scheme://user:password@ in a URL; the user may be empty, as in rediss://:TOKEN@host. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^\\s:/@]*):[^\\s/@]+@");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final boolean githubActions;
    private final Path stepSummary;
    private final Path stepOutputs;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    Console(PrintStream out, PrintStream err, Map<String, String> environment, boolean terminal) {
        this.out = out;
        this.err = err;
        this.color = terminal && !environment.containsKey("NO_COLOR");
        this.githubActions = "true".equals(environment.get("GITHUB_ACTIONS"));
        this.stepSummary = githubActionsFile(environment.get("GITHUB_STEP_SUMMARY"));
        this.stepOutputs = githubActionsFile(environment.get("GITHUB_OUTPUT"));
    }

    /** The command's result: the only thing on stdout. */
    void result(String line) {
        out.println(mask(line));
        out.flush();
    }

    void json(Object value) {
        result(Json.write(value));
    }

    /** Progress and diagnostics. */
    void info(String message) {
        err.println(mask(message));
        err.flush();
    }

    void detail(String message) {
        info(paint(DIM, message));
    }

    /** A question on stderr, without a line break, so that the answer follows on the same line. */
    void prompt(String question) {
        err.print(mask(question));
        err.flush();
    }

    /** A failure's stack trace (--debug), masked like every other line. */
    void trace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        err.print(mask(redactUrlCredentials(trace.toString())));
        err.flush();
    }

    void warn(String message) {
        if (githubActions) err.println("::warning::" + escapeData(mask(message)));
        info(paint(YELLOW, "warning: ") + message);
    }

    void error(String message) {
        if (githubActions) err.println("::error::" + escapeData(mask(message)));
        info(paint(RED, "error: ") + message);
    }

    /**
     * Registers a value that must never be shown; GitHub Actions is told to mask it in its logs too.
     * The value is command data, escaped as GitHub requires (%, CR and LF), or a line break in it
     * would end the command and print the rest in clear; GitHub masks line by line, so each line of
     * a multi-line value is masked on its own as well.
     */
    void secret(String value) {
        if (value == null || value.isEmpty() || !secrets.add(value)) return;
        if (githubActions) {
            err.println("::add-mask::" + escapeData(value));
            if (value.contains("\n") || value.contains("\r")) {
                value.lines().filter(line -> !line.isBlank()).forEach(line -> {
                    secrets.add(line);
                    err.println("::add-mask::" + escapeData(line));
                });
            }
            err.flush();
        }
    }

    /**
     * Appends Markdown to the GitHub Actions step summary; a no-op elsewhere. It may quote log lines
     * of the app, which labs does not know to be secret: credentials in URLs are blanked as well.
     */
    void summary(String markdown) {
        append(stepSummary, "the step summary", mask(redactUrlCredentials(markdown)));
    }

    /**
     * Sets an output of the GitHub Actions step that runs the command (steps.ID.outputs.NAME); a
     * no-op elsewhere. The command writes its outputs itself so that they exist in a container
     * action too (jbang-action), whose stdout no later step can read. Values are single lines.
     */
    void stepOutput(String name, String value) {
        append(stepOutputs, "the step output " + name, name + "=" + mask(value).replaceAll("[\\r\\n]+", " "));
    }

    private void append(Path file, String what, String text) {
        if (file == null) return;
        try {
            Files.writeString(file, text + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            warn("Could not write " + what + " to " + file + ": " + e.getMessage());
        }
    }

    private Path githubActionsFile(String path) {
        return githubActions && path != null && !path.isBlank() ? Path.of(path) : null;
    }

    boolean isGithubActions() {
        return githubActions;
    }

    String mask(String text) {
        String masked = text;
        for (String secret : secrets) masked = masked.replace(secret, "***");
        return masked;
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }

    /** scheme://user:password@host becomes scheme://user:***@host. */
    static String redactUrlCredentials(String text) {
        return URL_CREDENTIALS.matcher(text).replaceAll("$1$2:***@");
    }

    /** Workflow command data: GitHub unescapes %25, %0D and %0A (toolkit's escapeData). */
    private static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + String.format("%02ds", seconds % 60);
    }
}
