import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Docker (or Podman) CLI as the docker builder runs it: whether its daemon answers, and a
 * command with its output lines streamed and, for `docker login`, a password on stdin (never on the
 * command line, where other users of the machine could read it).
 */
final class DockerCli {
    /** A daemon that is up answers docker info within a second or two; a stuck one should not stall a deploy. */
    private static final long PROBE_SECONDS = 10;

    private final String docker;
    private final Map<String, String> environment;

    DockerCli(String docker, Map<String, String> environment) {
        this.docker = docker;
        this.environment = environment;
    }

    /** `docker info` exits 0 only when the daemon answers; a missing CLI counts as no daemon. */
    static boolean daemonAnswers(String docker, Map<String, String> environment) {
        try {
            return new DockerCli(docker, environment).run(List.of("info", "--format", "{{.ServerVersion}}"), null, line -> { },
                    Duration.ofSeconds(PROBE_SECONDS)) == 0;
        } catch (LabsException e) {
            return false;
        }
    }

    /** Whether `docker ARGS...` exits 0, its output discarded. */
    boolean succeeds(String... args) {
        return run(List.of(args), null, line -> { }, Duration.ofMinutes(1)) == 0;
    }

    /** Runs `docker ARGS...`; each output line (stdout and stderr) goes to onLine; returns the exit code. */
    int run(List<String> args, String stdin, Consumer<String> onLine, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(docker));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin == null) builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("DOCKER_BUILDKIT", "1");
        try {
            Process process = builder.start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(onLine);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw LabsException.failed(docker + " " + args.get(0) + " did not finish within " + Console.elapsed(timeout));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw LabsException.failed("Cannot run " + docker + " (labs.image.docker): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabsException(LabsException.INTERRUPTED, "Interrupted while running " + docker + " " + args.get(0));
        }
    }
}
