import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server standing in for the web task: each path answers a given status, body and
 * Location; unknown paths answer 200. Records the Host header of every request.
 */
final class WebStub implements AutoCloseable {
    record Reply(int status, String body, String location) {
    }

    final List<String> hosts = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final HttpServer server;

    WebStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            Reply reply = replies.getOrDefault(exchange.getRequestURI().getPath(), new Reply(200, "<h1>Welcome</h1>", null));
            if (reply.location() != null) exchange.getResponseHeaders().add("Location", reply.location());
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    WebStub answer(String path, int status, String body) {
        replies.put(path, new Reply(status, body, null));
        return this;
    }

    WebStub redirect(String path, String location) {
        replies.put(path, new Reply(302, "", location));
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A port on loopback where nothing listens: connections are refused at once. */
    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
