import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkClient;

/** Runs a command in-process against fake AWS clients, capturing stdout, stderr and the exit code. */
final class Cli {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Map<Class<?>, SdkClient> clients = new LinkedHashMap<>();
    final Map<String, String> environment = new HashMap<>();
    Path workingDirectory = Path.of("target");
    String stdin = "";
    boolean terminal;
    Ticker ticker = Ticker.system();

    Cli with(Class<?> type, SdkClient fake) {
        clients.put(type, fake);
        return this;
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Cli ticker(Ticker fake) {
        ticker = fake;
        return this;
    }

    /** Runs as if on a terminal where the user types the given input. */
    Cli terminal(String input) {
        terminal = true;
        stdin = input;
        return this;
    }

    Cli in(Path directory) {
        workingDirectory = directory;
        return this;
    }

    Result run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunContext context = new RunContext(Map.copyOf(environment), workingDirectory,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal,
                config -> Aws.withClients(FakeEcs.REGION, clients), ticker);
        int exitCode = Labs.run(command, context, args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
