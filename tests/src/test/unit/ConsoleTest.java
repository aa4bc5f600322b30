import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Console console(Map<String, String> environment, boolean terminal) {
        return new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment, terminal);
    }

    @Test
    void secretsNeverReachTheOutputAndGithubIsToldToMaskThem(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.md");
        Console console = console(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()), false);
        console.secret("s3cr3t-value");
        console.result("url postgres://labs:s3cr3t-value@db:5432/labs");
        console.info("using s3cr3t-value");
        console.summary("### Deployed with s3cr3t-value");
        assertEquals("url postgres://labs:***@db:5432/labs\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("::add-mask::s3cr3t-value", "using ***"), err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals("### Deployed with ***\n", Files.readString(summary));
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        console(Map.of(), true).warn("careful");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("\u001b[33m"));
        err.reset();
        console(Map.of("NO_COLOR", "1"), true).warn("careful");
        assertEquals("warning: careful\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        console(Map.of(), false).error("bad");
        assertEquals("error: bad\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void summaryIsANoOpOutsideGithubActions(@TempDir Path dir) {
        Path summary = dir.resolve("summary.md");
        console(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), false).summary("x");
        assertFalse(Files.exists(summary));
    }

    @Test
    void aMaskedValueIsEscapedAsGithubCommandDataAndEachOfItsLinesMasked() {
        Console console = console(Map.of("GITHUB_ACTIONS", "true"), false);
        console.secret("first line 100%\r\nsecond line");
        assertEquals(List.of("::add-mask::first line 100%25%0D%0Asecond line", "::add-mask::first line 100%25",
                "::add-mask::second line"), err.toString(StandardCharsets.UTF_8).lines().toList(),
                "an unescaped line break would end the command and print the second line in clear");
        err.reset();
        console.info("it was second line");
        assertEquals("it was ***\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void credentialsInUrlsAreBlankedInTheStepSummary(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.md");
        Console console = console(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()), false);
        console.summary("    | connecting to postgres://labs:hunter2@db.example:5432/app\n"
                + "    | broker rediss://:tok%2Fen@redis.example:6379/0?ssl_cert_reqs=required\n"
                + "    | serving http://54.1.2.3:8000/ for ops@example.com");
        assertEquals("    | connecting to postgres://labs:***@db.example:5432/app\n"
                + "    | broker rediss://:***@redis.example:6379/0?ssl_cert_reqs=required\n"
                + "    | serving http://54.1.2.3:8000/ for ops@example.com\n", Files.readString(summary));
    }

    @Test
    void aDebugStackTraceIsMaskedLikeAnyOtherLine() {
        Console console = console(Map.of(), false);
        console.secret("s3cr3t-value");
        console.trace(new IllegalStateException("rejected s3cr3t-value for postgres://labs:hunter2@db/app",
                new RuntimeException("cause: s3cr3t-value")));
        String trace = err.toString(StandardCharsets.UTF_8);
        assertTrue(trace.contains("IllegalStateException: rejected *** for postgres://labs:***@db/app"), trace);
        assertTrue(trace.contains("Caused by: java.lang.RuntimeException: cause: ***"), trace);
        assertFalse(trace.contains("s3cr3t") || trace.contains("hunter2"), trace);
    }

    /** A command that learns a secret and then fails with it in the message, as an AWS error might. */
    @picocli.CommandLine.Command(name = "leaky")
    static class Leaky implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        LabsOptions labs = new LabsOptions();

        @Override
        public Integer call() {
            labs.console().secret("s3cr3t-value");
            throw new IllegalStateException("the service said: bad password s3cr3t-value");
        }
    }

    @Test
    void theDebugOptionPrintsTheTraceMasked() {
        Cli.Result result = new Cli().run(new Leaky(), "--debug");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("at ConsoleTest$Leaky.call"), result::toString);
        assertFalse(result.err().contains("s3cr3t-value"), result::toString);
    }

    record Sample(String name, int count, List<String> tags, Map<String, Object> extra) {
    }

    @Test
    void jsonWritesRecordsMapsAndEscapes() {
        String json = Json.write(new Sample("a\"b\n", 2, List.of("x"), Map.of("ok", true)));
        assertEquals("{\"name\":\"a\\\"b\\n\",\"count\":2,\"tags\":[\"x\"],\"extra\":{\"ok\":true}}", json);
    }
}
