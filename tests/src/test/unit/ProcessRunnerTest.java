import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one runner of child processes, with real short-lived children. */
class ProcessRunnerTest {
    final ProcessRunner runner = new ProcessRunner(Map.of("PATH", System.getenv("PATH")));

    @Test
    void aSilentChildIsStoppedAtItsTimeout() {
        long start = System.nanoTime();
        LabsException timeout = assertThrows(LabsException.class, () -> runner.run(
                ProcessRunner.Command.of("sh", "-c", "echo started; sleep 30").within(Duration.ofSeconds(1))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "stopped after " + took);
        assertEquals(LabsException.FAILED, timeout.exitCode);
        assertEquals("sh -c echo started; sleep 30 did not finish within 1s and was stopped with the processes it started;"
                + " last output: started", timeout.getMessage());
    }

    @Test
    void theGrandchildrenAreKilledWithTheChild(@TempDir Path folder) throws Exception {
        Path pid = folder.resolve("grandchild.pid");
        assertThrows(LabsException.class, () -> runner.run(ProcessRunner.Command.of("sh", "-c",
                "sleep 30 & echo $! > '" + pid + "'; wait").within(Duration.ofSeconds(1))));
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
        if (grandchild != null) grandchild.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(grandchild == null || !grandchild.isAlive(), "the background sleep is gone");
    }

    @Test
    void aFailureNamesTheCommandItsExitCodeAndItsLastLines() {
        ProcessRunner.Result result = runner.run(ProcessRunner.Command.of("sh", "-c",
                "for i in 1 2 3 4 5 6 7 8; do echo line $i; done; echo oops >&2; exit 3").named("the build command"));
        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        LabsException failure = assertThrows(LabsException.class, result::outputOrFail);
        assertEquals("the build command failed with exit code 3; last output: line 4 | line 5 | line 6 | line 7 | line 8 | oops",
                failure.getMessage());
    }

    @Test
    void outputIsCapturedAndStreamedLineByLine(@TempDir Path folder) {
        List<String> streamed = new ArrayList<>();
        ProcessRunner.Result result = runner.run(ProcessRunner.Command.of("sh", "-c", "pwd; echo \"$EXTRA\"; echo to-stderr >&2")
                .in(folder).env("EXTRA", "added").onLine(streamed::add));
        assertEquals(0, result.exitCode());
        assertEquals(folder + "\nadded\nto-stderr\n", result.output());
        assertEquals(List.of(folder.toString(), "added", "to-stderr"), streamed);
        assertEquals("only stdout\n", runner.run(ProcessRunner.Command.of("sh", "-c", "echo only stdout; echo noise >&2")
                .discardingErrors()).outputOrFail());
    }

    @Test
    void aMissingProgramCannotStart() {
        ProcessRunner.CannotStart missing = assertThrows(ProcessRunner.CannotStart.class,
                () -> runner.run(ProcessRunner.Command.of("no-such-program-for-labs")));
        assertTrue(missing.getMessage().startsWith("Cannot run no-such-program-for-labs ("), missing.getMessage());
    }

    @Test
    void aProgramIsFoundOnTheChildsPath(@TempDir Path folder) throws Exception {
        Path tool = Files.writeString(folder.resolve("labs-test-tool"), "#!/bin/sh\necho found\n");
        assertTrue(tool.toFile().setExecutable(true));
        ProcessRunner withTool = new ProcessRunner(Map.of("PATH", folder + ":" + System.getenv("PATH")));
        assertEquals("found\n", withTool.run(ProcessRunner.Command.of("labs-test-tool")).outputOrFail());
    }

    @Test
    void childrenGetNoCredentialsWhileTheRunHasThem() {
        Map<String, String> parent = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", "/home/dev",
                "AWS_REGION", "eu-west-1", "PIP_INDEX_URL", "https://pypi.example/simple"));
        List<String> withheld = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                "GITHUB_TOKEN");
        withheld.forEach(name -> parent.put(name, "secret-of-" + name));
        String env = new ProcessRunner(parent).run(ProcessRunner.Command.of("env")).outputOrFail();
        for (String name : withheld) {
            assertFalse(env.contains(name + "="), name + " reached the child:\n" + env);
            assertFalse(env.contains("secret-of-" + name), env);
        }
        assertTrue(env.contains("AWS_REGION=eu-west-1\n") && env.contains("HOME=/home/dev\n")
                && env.contains("PIP_INDEX_URL=https://pypi.example/simple\n"), "harmless variables stay:\n" + env);

        Map<String, String> overlay = new ProcessRunner(parent).environmentOverInherited();
        withheld.forEach(name -> assertEquals("", overlay.get(name), "blanked over the JVM's own: " + name));
        assertEquals("eu-west-1", overlay.get("AWS_REGION"));
    }
}
