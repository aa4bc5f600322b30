import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Docker (or Podman) CLI as the docker builder runs it, through the ProcessRunner: whether its
 * daemon answers, and a command with its output lines streamed and, for `docker login`, a password
 * on stdin (never on the command line, where other users of the machine could read it).
 */
final class DockerCli {
    /** A daemon that is up answers docker info within a second or two; a stuck one should not stall a deploy. */
    private static final Duration PROBE = Duration.ofSeconds(10);

    private final String docker;
    private final ProcessRunner runner;

    DockerCli(String docker, ProcessRunner runner) {
        this.docker = docker;
        this.runner = runner;
    }

    /** `docker info` exits 0 only when the daemon answers; a missing CLI counts as no daemon. */
    static boolean daemonAnswers(String docker, ProcessRunner runner) {
        try {
            return new DockerCli(docker, runner).run(List.of("info", "--format", "{{.ServerVersion}}"), null, line -> { }, PROBE) == 0;
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
        List<String> words = new ArrayList<>(List.of(docker));
        words.addAll(args);
        ProcessRunner.Command command = ProcessRunner.Command.of(words).named(docker + " " + args.get(0)).within(timeout)
                .env("DOCKER_BUILDKIT", "1").onLine(onLine).input(stdin);
        try {
            return runner.run(command).exitCode();
        } catch (ProcessRunner.CannotStart e) {
            throw LabsException.failed("Cannot run " + docker + " (labs.image.docker): " + e.getCause().getMessage());
        }
    }
}
