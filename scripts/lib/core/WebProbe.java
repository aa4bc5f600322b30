import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP GET of the web from where labs runs, as a visitor would make it: deploy's smoke check
 * and status's answer line. Redirects on plain HTTP are followed; a redirect to HTTPS is reported,
 * since a task without a load balancer serves no TLS.
 */
final class WebProbe {
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    static final int MAX_REDIRECTS = 5;
    static final int BODY_LINES = 8;

    /** What the web answered (status 0: no answer, with the error), how long it took and where it ended. */
    record Answer(String url, int status, Duration took, String body, String location, String error) {
        boolean answered() {
            return status > 0;
        }

        boolean redirectedToHttps() {
            return location != null && location.startsWith("https:");
        }

        /** Healthy: a final status below 400, not a redirect that plain HTTP cannot follow. */
        boolean healthy() {
            return answered() && status < 400 && !redirectedToHttps();
        }

        /** The first lines of the body, as a diagnosis shows them. */
        List<String> bodyStart() {
            return body == null ? List.of() : body.lines().filter(l -> !l.isBlank()).limit(BODY_LINES)
                    .map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l).toList();
        }

        String summary() {
            if (!answered()) return "no answer from " + url + " (" + error + ")";
            return status + (redirectedToHttps() ? " redirect to " + location : "") + " from " + url + " in "
                    + took.toMillis() + " ms";
        }
    }

    private final Ticker ticker;
    private final HttpClient client;

    WebProbe(Ticker ticker) {
        this.ticker = ticker;
        this.client = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GETs the URL until it answers or patience runs out (by the run's clock); Duration.ZERO: one attempt. */
    Answer get(String url, Duration patience) {
        Instant start = ticker.now();
        while (true) {
            Answer answer = attempt(url);
            if (answer.answered()) return answer;
            if (Duration.between(start, ticker.now()).plus(RETRY_PAUSE).compareTo(patience) > 0) return answer;
            ticker.sleep(RETRY_PAUSE);
        }
    }

    private Answer attempt(String url) {
        long startNanos = System.nanoTime();
        String current = url;
        try {
            for (int redirects = 0; ; redirects++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(current)).timeout(ATTEMPT_TIMEOUT)
                        .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                Optional<String> location = response.headers().firstValue("Location");
                boolean redirect = response.statusCode() >= 300 && response.statusCode() < 400 && location.isPresent();
                if (!redirect) return new Answer(url, response.statusCode(), took(startNanos), response.body(), null, null);
                String next = URI.create(current).resolve(location.get()).toString();
                if (!next.startsWith("http:") || redirects == MAX_REDIRECTS) {
                    return new Answer(url, response.statusCode(), took(startNanos), response.body(), next, null);
                }
                current = next;
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Answer(url, 0, took(startNanos), null, null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(url, 0, took(startNanos), null, null, "interrupted");
        }
    }

    /** Wall time of the request, redirects included. */
    private static Duration took(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? name : name + ": " + e.getMessage();
    }

    /**
     * What an unhealthy answer most likely means, for the well-known causes with CommCare Connect
     * and cookiecutter-django apps; empty when there is no known cause.
     */
    static Optional<String> hint(Answer answer, int port) {
        if (!answer.answered()) {
            return Optional.of("nothing answered: does the app listen on 0.0.0.0:" + port + " (labs.web.port) and does the"
                    + " security group let port " + port + " in? (jbang status@labs shows the tasks)");
        }
        if (answer.redirectedToHttps()) {
            return Optional.of("the app redirects plain HTTP to HTTPS, which a task without a load balancer does not serve:"
                    + " set DJANGO_SECURE_SSL_REDIRECT=False (jbang config@labs set DJANGO_SECURE_SSL_REDIRECT=False)");
        }
        if (answer.status() == 400 && answer.body() != null && answer.body().contains("Bad Request (400)")) {
            return Optional.of("Django's bare 400 is what it answers a Host header it does not allow: DJANGO_ALLOWED_HOSTS"
                    + " (with DJANGO_ALLOWED_CIDR_NETS where the app uses django-allow-cidr) must accept the IP address;"
                    + " the logs will not say so (CommCare Connect sends DisallowedHost to a null logger and Gunicorn"
                    + " logs no requests). jbang config@labs shows the values; e.g. jbang config@labs set DJANGO_ALLOWED_HOSTS=*");
        }
        if (answer.status() >= 500) return Optional.of("the app failed on the request: its log lines above say why");
        return Optional.empty();
    }
}
