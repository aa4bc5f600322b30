import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The default health check command, run by a real shell and Python (python3 standing for the
 * image's python) against a loopback server: it needs nothing but the standard library.
 */
class HealthCheckCommandTest {
    private final WebStub web = new WebStub();

    @AfterEach
    void stop() {
        web.close();
    }

    private int check(int port, String path) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 is needed");
        String command = Setting.WEB_HEALTH_CHECK.defaultValue.replace("{port}", String.valueOf(port)).replace("{path}", path)
                .replaceFirst("^python ", "python3 ");
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void passesOnAnAnswerBelow400AfterRedirectsAndFailsOtherwise() throws Exception {
        web.answer("/bad/", 400, "<h1>Bad Request (400)</h1>").answer("/error/", 500, "boom").redirect("/moved/", "/");
        Map<String, Integer> exits = Map.of("/", check(web.port(), "/"), "/moved/", check(web.port(), "/moved/"));
        assertEquals(Map.of("/", 0, "/moved/", 0), exits);
        assertNotEquals(0, check(web.port(), "/bad/"));
        assertNotEquals(0, check(web.port(), "/error/"));
        assertNotEquals(0, check(WebStub.closedPort(), "/"), "no answer");
    }
}
