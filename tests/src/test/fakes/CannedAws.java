import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An AWS endpoint on loopback for scripts run through real JBang (AWS_ENDPOINT_URL points at it):
 * ECS, ECR, CloudWatch Logs and Secrets Manager speak the JSON protocol, one POST per action named
 * in the X-Amz-Target header ("Service.Action"); RDS speaks the query protocol, the action in the
 * form-encoded body ("Action=...") and XML answers. A canned answer per action is enough.
 */
final class CannedAws implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Function<String, String>> answers = new ConcurrentHashMap<>();
    final List<String> actions = new CopyOnWriteArrayList<>();

    CannedAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean query = target == null;
            String action = query ? queryAction(request) : target.substring(target.indexOf('.') + 1);
            actions.add(action);
            String answer = answers.containsKey(action) ? answers.get(action).apply(request) : null;
            String missing = "CannedAws has no answer for " + action;
            byte[] body = (answer != null ? answer : query
                    ? "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + missing
                            + "</Message></Error><RequestId>1</RequestId></ErrorResponse>"
                    : "{\"__type\":\"InvalidAction\",\"message\":\"" + missing + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", query ? "text/xml" : "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(answer != null ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private static String queryAction(String form) {
        return java.util.Arrays.stream(form.split("&")).filter(p -> p.startsWith("Action=")).map(p -> p.substring(7))
                .findFirst().orElse("");
    }

    CannedAws answer(String action, String json) {
        return answer(action, request -> json);
    }

    /** An answer that depends on the request's JSON body. */
    CannedAws answer(String action, Function<String, String> json) {
        answers.put(action, json);
        return this;
    }

    /** The environment that points a script's AWS clients here, with made-up credentials. */
    Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_REGION", FakeEcs.REGION, "AWS_ACCESS_KEY_ID", "AKIDLOOPBACK", "AWS_SECRET_ACCESS_KEY", "loopback",
                "AWS_PROFILE", "", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
