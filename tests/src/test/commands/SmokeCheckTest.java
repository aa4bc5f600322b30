import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deploy's smoke check against a loopback server standing in for the web task (public IP 127.0.0.1). */
class SmokeCheckTest {
    private final DefaultStack stack = DefaultStack.running();
    private final WebStub web = stack.serveWeb();

    @AfterEach
    void stopWeb() {
        web.close();
    }

    @Test
    void aWebThatAnswers200PassesAndTheStatusAndTimeAreShown() {
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().matches("(?s).*Smoke check: 200 from " + stack.webUrl() + " in \\d+ ms\n.*"), result::toString);
        assertEquals(List.of("127.0.0.1:" + web.port()), web.hosts, "a GET with the IP address as host, as a visitor sends it");
    }

    @Test
    void theHealthPathIsCheckedAndRedirectsOnPlainHttpAreFollowed() {
        web.redirect("/health/", "/health/ok/");
        Cli.Result result = stack.cli().env("LABS_WEB_HEALTH_PATH", "/health/").run(new Deploy(), "--image", "def5678");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Smoke check: 200 from http://127.0.0.1:" + web.port() + "/health/ in "), result::toString);
        assertEquals(2, web.hosts.size());
    }

    @Test
    void djangosBareBadRequestFailsTheDeployWithTheAllowedHostsHintAndTheWebsLog() {
        web.answer("/", 400, "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n"
                + "  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n");
        stack.ecs.behaviours.put(DefaultStack.NEW_IMAGE, FakeEcs.Behaviour.healthy("[INFO] Listening at: http://0.0.0.0:8000"));

        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains("Smoke check: 400 from " + stack.webUrl()), result::toString);
        assertTrue(result.err().contains("  body |   <h1>Bad Request (400)</h1><p></p>"), result::toString);
        assertTrue(result.err().contains("    | [INFO] Listening at: http://0.0.0.0:8000"), result::toString);
        String error = result.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertTrue(error.contains("DJANGO_ALLOWED_HOSTS"), error);
        assertTrue(error.contains("the logs will not say so"), error);
    }

    @Test
    void noAnswerFailsAfterThirtySecondsOfTheRunsClock() {
        Cli.Result result = stack.cli().env("LABS_WEB_PORT", String.valueOf(WebStub.closedPort())).run(new Deploy(), "--image", "def5678");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Smoke check: no answer from http://127.0.0.1:"), result::toString);
        assertTrue(result.err().contains("nothing answered: does the app listen on 0.0.0.0:"), result::toString);
        Duration probing = stack.ticker.sleeps.stream().filter(WebProbe.RETRY_PAUSE::equals).reduce(Duration.ZERO, Duration::plus);
        assertTrue(probing.compareTo(Duration.ofSeconds(26)) >= 0 && probing.compareTo(Duration.ofSeconds(30)) <= 0, probing::toString);
    }

    @Test
    void aRedirectToHttpsFailsWithTheSslRedirectHint() {
        web.redirect("/", "https://127.0.0.1:" + web.port() + "/");
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("DJANGO_SECURE_SSL_REDIRECT=False"), result::toString);
    }

    @Test
    void noSmokeCheckSkipsItAndAWorkerOnlyDeployHasNone() {
        web.answer("/", 500, "boom");
        assertEquals(0, stack.cli().run(new Deploy(), "--image", "def5678", "--no-smoke-check").exitCode());
        assertEquals(0, stack.cli().run(new Deploy(), "--image", "abc1234", "--services", "worker").exitCode());
        assertTrue(web.hosts.isEmpty());
    }

    @Test
    void aServerErrorFails() {
        web.answer("/", 500, "Server Error (500)");
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678", "--json");
        assertEquals(1, result.exitCode(), result::toString);
        assertFalse(result.out().contains("url"), result::toString);
        assertTrue(result.err().contains("the app failed on the request"), result::toString);
    }
}
