import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where output goes: the result on stdout, everything else on stderr. Under GitHub Actions errors
 * also become annotations, secrets are masked and a summary is appended to the step summary.
 */
final class Console {
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final boolean githubActions;
    private final Path stepSummary;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    Console(PrintStream out, PrintStream err, Map<String, String> environment, boolean terminal) {
        this.out = out;
        this.err = err;
        this.color = terminal && !environment.containsKey("NO_COLOR");
        this.githubActions = "true".equals(environment.get("GITHUB_ACTIONS"));
        String summary = environment.get("GITHUB_STEP_SUMMARY");
        this.stepSummary = githubActions && summary != null && !summary.isBlank() ? Path.of(summary) : null;
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

    void warn(String message) {
        if (githubActions) err.println("::warning::" + escapeAnnotation(mask(message)));
        info(paint(YELLOW, "warning: ") + message);
    }

    void error(String message) {
        if (githubActions) err.println("::error::" + escapeAnnotation(mask(message)));
        info(paint(RED, "error: ") + message);
    }

    /** Registers a value that must never be shown; GitHub Actions is told to mask it in its logs too. */
    void secret(String value) {
        if (value == null || value.isEmpty() || !secrets.add(value)) return;
        if (githubActions) {
            err.println("::add-mask::" + value);
            err.flush();
        }
    }

    /** Appends Markdown to the GitHub Actions step summary; a no-op elsewhere. */
    void summary(String markdown) {
        if (stepSummary == null) return;
        try {
            Files.writeString(stepSummary, mask(markdown) + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            warn("Could not write the step summary to " + stepSummary + ": " + e.getMessage());
        }
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

    private static String escapeAnnotation(String message) {
        return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + String.format("%02ds", seconds % 60);
    }
}
