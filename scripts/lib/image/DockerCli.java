import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Whether a Docker (or Podman) daemon answers the configured CLI: the auto builder's question. */
final class DockerCli {
    /** A daemon that is up answers docker info within a second or two; a stuck one should not stall a deploy. */
    private static final long PROBE_SECONDS = 10;

    private DockerCli() {
    }

    /** `docker info` exits 0 only when the daemon answers; a missing CLI counts as no daemon. */
    static boolean daemonAnswers(String docker, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(docker, "info", "--format", "{{.ServerVersion}}")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
