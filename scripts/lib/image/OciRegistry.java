import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads an image back from a registry over the Registry HTTP API v2 (the OCI distribution spec):
 * GET /v2/NAME/manifests/REFERENCE and /v2/NAME/blobs/DIGEST, with basic credentials when given
 * (ECR takes the user AWS and the GetAuthorizationToken password that way).
 */
class OciRegistry {
    static final String ACCEPT = String.join(",", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A blob a manifest refers to. */
    record Blob(String digest, long bytes, String mediaType) {
    }

    /** A manifest with its own size: what a push sends besides the blobs. */
    record Manifest(String digest, long bytes, Blob config, List<Blob> layers, JsonNode json) {
        long totalBytes() {
            return bytes + config.bytes() + layers.stream().mapToLong(Blob::bytes).sum();
        }
    }

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    OciRegistry(String registry, String username, String password, boolean plainHttp) {
        this.baseUrl = (plainHttp ? "http://" : "https://") + registry + "/v2/";
        this.authorization = username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Manifest manifest(String repository, String reference) {
        HttpResponse<byte[]> response = get(repository + "/manifests/" + reference, ACCEPT);
        JsonNode json = parse(response.body());
        List<Blob> layers = new ArrayList<>();
        json.path("layers").forEach(layer -> layers.add(blob(layer)));
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse(reference);
        return new Manifest(digest, response.body().length, blob(json.path("config")), layers, json);
    }

    byte[] blob(String repository, String digest) {
        return get(repository + "/blobs/" + digest, "*/*").body();
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw LabsException.failed("The registry answered with something that is not JSON: " + e.getMessage());
        }
    }

    private static Blob blob(JsonNode node) {
        return new Blob(node.path("digest").asText(), node.path("size").asLong(), node.path("mediaType").asText());
    }

    protected HttpResponse<byte[]> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .header("Accept", accept).GET();
        if (authorization != null) request.header("Authorization", authorization);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw LabsException.failed("GET " + baseUrl + path + " answered HTTP " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8).strip());
            }
            return response;
        } catch (IOException e) {
            throw LabsException.failed("Cannot read " + baseUrl + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while reading " + baseUrl + path);
        }
    }
}
