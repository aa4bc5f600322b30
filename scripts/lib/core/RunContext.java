import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

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
