import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry (Debian's docker-registry, the CNCF distribution server) listening on
 * 127.0.0.1 on a free port, with its storage in a temporary folder; started and stopped by tests.
 */
final class LoopbackRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    final String address;
    private final Process process;
    private final Path folder;
    private final OciRegistry client;

    private LoopbackRegistry(String address, Process process, Path folder) {
        this.address = address;
        this.process = process;
        this.folder = folder;
        this.client = new OciRegistry(address, null, null, true);
    }

    static LoopbackRegistry start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y docker-registry (.ci/run does)");
        }
        Path folder = Files.createTempDirectory("labs-registry");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Path config = folder.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + folder.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: " + address,
                ""));
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile()).start();
        LoopbackRegistry registry = new LoopbackRegistry(address, process, folder);
        registry.awaitReady();
        return registry;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("docker-registry exited: " + log());
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not answer on " + address + " within 30 s: " + log());
    }

    String log() throws IOException {
        return Files.readString(folder.resolve("registry.log"));
    }

    OciRegistry.Manifest manifest(String repository, String reference) {
        return client.manifest(repository, reference);
    }

    JsonNode config(String repository, OciRegistry.Manifest manifest) {
        return OciRegistry.parse(client.blob(repository, manifest.config().digest()));
    }

    byte[] blob(String repository, String digest) {
        return client.blob(repository, digest);
    }

    List<String> tags(String repository) {
        List<String> tags = new ArrayList<>();
        OciRegistry.parse(client.get(repository + "/tags/list", "application/json").body()).path("tags")
                .forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PythonLayer.deleteRecursively(folder);
    }
}
