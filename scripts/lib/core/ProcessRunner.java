import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Starts every child process labs runs (git, pip, uv, the build command, docker): with an environment
 * that carries no credentials, no input unless given, a timeout that holds even while the child prints nothing,
 * and on timeout the whole process tree killed, not only the child.
 */
final class ProcessRunner {
    /**
     * Credentials and the variables that lead to them. A child (a package's build script, an npm
     * install script) has no business with AWS or GitHub, and a compromised one should find nothing
     * to take. AWS_PROFILE and AWS_DEFAULT_PROFILE are no secrets, but they point a child's AWS SDK at
     * the signed-in profile labs uses, so they go too. What locates AWS without granting access stays
     * (AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_CONFIG_FILE). Files under ~/.aws remain
     * readable to a child of the same user: this protects CI runners, where credentials arrive as
     * variables (configure-aws-credentials, the OIDC request token) and nothing is on disk.
     * ACTIONS_RUNTIME_TOKEN writes the Actions cache and artifacts, GH_TOKEN is GITHUB_TOKEN for gh.
     */
    static final Set<String> WITHHELD = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            "ACTIONS_RUNTIME_TOKEN", "GITHUB_TOKEN", "GH_TOKEN");
    /** ECS and CodeBuild hand out credentials through these (RELATIVE_URI, FULL_URI, TOKEN, TOKEN_FILE). */
    static final List<String> WITHHELD_PREFIXES = List.of("AWS_CONTAINER_CREDENTIALS_", "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    /** How many of the last output lines a failure quotes. */
    private static final int QUOTED_LINES = 6;
    /** Output that a background process keeps open after the child exited is not waited for longer than this. */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(10);

    /** A command and how to run it; {@link #of} gives the defaults, the other methods a changed copy. */
    record Command(List<String> words, String label, Path directory, Duration timeout, Map<String, String> extraEnvironment,
            Consumer<String> onLine, boolean discardErrors, String input) {
        static Command of(List<String> words) {
            return new Command(List.copyOf(words), null, null, Duration.ofMinutes(10), Map.of(), line -> { }, false, null);
        }

        static Command of(String... words) {
            return of(List.of(words));
        }

        /** How errors name the command (default: the command line, shortened). */
        Command named(String name) {
            return new Command(words, name, directory, timeout, extraEnvironment, onLine, discardErrors, input);
        }

        Command in(Path folder) {
            return new Command(words, label, folder, timeout, extraEnvironment, onLine, discardErrors, input);
        }

        Command within(Duration limit) {
            return new Command(words, label, directory, limit, extraEnvironment, onLine, discardErrors, input);
        }

        Command env(String name, String value) {
            Map<String, String> extra = new LinkedHashMap<>(extraEnvironment);
            extra.put(name, value);
            return new Command(words, label, directory, timeout, Map.copyOf(extra), onLine, discardErrors, input);
        }

        /** Each output line as it comes (stdout and stderr together, unless errors are discarded). */
        Command onLine(Consumer<String> consumer) {
            return new Command(words, label, directory, timeout, extraEnvironment, consumer, discardErrors, input);
        }

        /** Only stdout is read; stderr goes nowhere (for a command whose output is the answer, such as git rev-parse). */
        Command discardingErrors() {
            return new Command(words, label, directory, timeout, extraEnvironment, onLine, true, input);
        }

        /** Text for the child's stdin (a password for `docker login --password-stdin`, never a command-line word); default none. */
        Command input(String text) {
            return new Command(words, label, directory, timeout, extraEnvironment, onLine, discardErrors, text);
        }

        String name() {
            if (label != null) return label;
            String line = String.join(" ", words);
            return line.length() <= 100 ? line : line.substring(0, 97) + "...";
        }
    }

    /** A finished command: its exit code and its whole output. */
    record Result(Command command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The output unless the command failed; a failure is one line that names the command, its exit code and its last lines. */
        String outputOrFail() {
            if (!succeeded()) throw LabsException.failed(failure());
            return output;
        }

        String failure() {
            return command.name() + " failed with exit code " + exitCode + lastLines(output);
        }

        String lastLine() {
            List<String> lines = nonBlank(output);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }
    }

    /** The command could not be started at all (not installed, not executable, no such folder). */
    static final class CannotStart extends LabsException {
        CannotStart(Command command, IOException cause) {
            super(FAILED, "Cannot run " + command.name() + " (" + cause.getMessage() + ")", cause);
        }
    }

    private final Map<String, String> parentEnvironment;
    private final Map<String, String> environment;

    /** @param parentEnvironment the run's environment (the JVM's, or a test's), from which children get theirs less credentials */
    ProcessRunner(Map<String, String> parentEnvironment) {
        this.parentEnvironment = Map.copyOf(parentEnvironment);
        Map<String, String> child = new TreeMap<>(parentEnvironment);
        child.keySet().removeIf(ProcessRunner::withheld);
        this.environment = java.util.Collections.unmodifiableMap(child);
    }

    static boolean withheld(String name) {
        return WITHHELD.contains(name) || WITHHELD_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The environment every child gets. */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * For a tool that adds variables to the JVM's own environment rather than replacing it (jib
     * starts docker so, and the JVM cannot unset its own variables): the children's environment,
     * plus every withheld variable that the run or the JVM has, set empty, which the AWS SDKs and
     * CLI treat as unset.
     */
    Map<String, String> environmentOverInherited() {
        Map<String, String> overlay = new TreeMap<>(environment);
        Stream.concat(parentEnvironment.keySet().stream(), System.getenv().keySet().stream())
                .filter(ProcessRunner::withheld).forEach(name -> overlay.put(name, ""));
        return overlay;
    }

    /**
     * Runs the command to its end or its timeout. A timeout kills the child and every process it
     * started, and fails with one line; so does an interrupt. A non-zero exit is the caller's to judge.
     */
    Result run(Command command) {
        Process process = start(command);
        Output output = new Output(process, command);
        output.start();
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                output.awaitEnd(DRAIN_AFTER_EXIT);
                throw LabsException.failed(command.name() + " did not finish within " + Console.elapsed(command.timeout())
                        + " and was stopped with the processes it started" + lastLines(output.text()));
            }
            output.awaitEnd(DRAIN_AFTER_EXIT);
            return new Result(command, process.exitValue(), output.text());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while running " + command.name());
        }
    }

    private Process start(Command command) {
        List<String> words = new ArrayList<>(command.words());
        words.set(0, onPath(words.get(0), command.extraEnvironment().getOrDefault("PATH", environment.get("PATH"))));
        ProcessBuilder builder = new ProcessBuilder(words);
        if (command.directory() != null) builder.directory(command.directory().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(command.extraEnvironment());
        if (command.discardErrors()) builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        else builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (command.input() != null) stdin.write(command.input().getBytes(StandardCharsets.UTF_8));
            }
            return process;
        } catch (IOException e) {
            throw new CannotStart(command, e);
        }
    }

    /**
     * Children first seen, then the child killed so that it starts no more, then the children:
     * once the child is gone its children no longer show as its descendants.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Whether a program is on the children's PATH (without one, the JVM's, where a bare name is then looked up). */
    boolean installed(String program) {
        return !onPath(program, environment.getOrDefault("PATH", System.getenv("PATH"))).equals(program);
    }

    /** A bare command name is looked up on the child's PATH (which a test or a caller may set), not only the JVM's. */
    static String onPath(String command, String path) {
        if (command.contains("/") || path == null) return command;
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return candidate.toString();
        }
        return command;
    }

    private static String lastLines(String output) {
        List<String> lines = nonBlank(output);
        if (lines.isEmpty()) return "";
        return "; last output: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size()));
    }

    private static List<String> nonBlank(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /**
     * Reads the output on its own thread, so that the timeout runs while the child is silent. A
     * daemon thread: a process that escaped the kill and holds the pipe cannot keep labs running.
     */
    private static final class Output extends Thread {
        private final Process process;
        private final Consumer<String> onLine;
        private final StringBuffer text = new StringBuffer();

        Output(Process process, Command command) {
            super("output of " + command.words().get(0));
            setDaemon(true);
            this.process = process;
            this.onLine = command.onLine();
        }

        @Override
        public void run() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    text.append(line).append('\n');
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // The pipe closed under the reader (the child was killed): the output is what was read.
            }
        }

        void awaitEnd(Duration patience) throws InterruptedException {
            join(patience.toMillis());
        }

        String text() {
            return text.toString();
        }
    }
}
