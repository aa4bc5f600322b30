import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An AWS endpoint on loopback for a script run through real JBang (AWS_ENDPOINT_URL): answers the
 * read calls a dry run makes, in each service's wire protocol (RDS: query protocol with XML answers;
 * Secrets Manager: JSON 1.1 with X-Amz-Target), so that the real SDK marshals the requests and
 * parses the answers. Unknown calls get a 400 with the error code the SDK maps to an exception.
 */
final class LoopbackAws implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Function<String, String>> answers;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** @param answers by operation ("rds:DescribeDBInstances", "secretsmanager:GetSecretValue"): request body to answer body */
    LoopbackAws(Map<String, Function<String, String>> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment for a run against this endpoint, with dummy credentials and no user AWS configuration. */
    Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_REGION", FakeEcs.REGION, "AWS_ACCESS_KEY_ID", "AKIDLOOPBACK",
                "AWS_SECRET_ACCESS_KEY", "loopback", "AWS_CONFIG_FILE", "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null ? "secretsmanager:" + target.substring(target.indexOf('.') + 1)
                : "rds:" + form(body).getOrDefault("Action", "?");
        calls.add(operation);
        Function<String, String> answer = answers.get(operation);
        boolean json = target != null;
        String response = answer != null ? answer.apply(body) : json
                ? "{\"__type\":\"AccessDeniedException\",\"message\":\"not answered by the loopback endpoint: " + operation + "\"}"
                : "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not answered: " + operation
                        + "</Message></Error><RequestId>1</RequestId></ErrorResponse>";
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml");
        exchange.sendResponseHeaders(answer != null ? 200 : 400, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).filter(p -> p.contains("="))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p.substring(0, p.indexOf('=')), StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8), (a, b) -> b));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
