import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A package index through the JSON form of the simple repository API (PEP 691,
 * https://packaging.python.org/en/latest/specifications/simple-repository-api/#json-serialization):
 * {@code GET INDEX/NAME/} with {@code Accept: application/vnd.pypi.simple.v1+json} answers the
 * project's files with their URLs and hashes.
 */
final class SimpleIndex {
    static final String PYPI = "https://pypi.org/simple/";
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;

    SimpleIndex(HttpClient http) {
        this.http = http;
    }

    /** The files of a pinned version, from the first index that has any; an empty list when none has. */
    List<DistFile> files(String name, String version, List<String> indexUrls) {
        Pep440Version pinned = Pep440Version.parse(version);
        for (String index : indexUrls) {
            List<DistFile> files = new ArrayList<>();
            for (DistFile file : project(index, name)) {
                String fileVersion = versionOf(file.fileName(), name);
                Pep440Version parsed = fileVersion == null ? null : Pep440Version.parse(fileVersion);
                if (parsed != null && pinned != null ? parsed.compareTo(pinned) == 0 : version.equals(fileVersion)) files.add(file);
            }
            if (!files.isEmpty()) return files;
        }
        return List.of();
    }

    /** Every file of the project on one index; none when the index does not know it. */
    List<DistFile> project(String index, String name) {
        URI page = URI.create(index.endsWith("/") ? index : index + "/").resolve(name + "/");
        HttpRequest request = HttpRequest.newBuilder(page).header("Accept", JSON).timeout(Duration.ofMinutes(1)).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw LabsException.failed("Cannot reach the package index " + Console.redactUrlCredentials(page.toString()) + " for "
                    + name + ": " + e.getMessage() + " (labs.image.index-url names the index)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while asking the package index for " + name);
        }
        if (response.statusCode() == 404) return List.of();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.startsWith(JSON) && !type.startsWith("application/json")) {
            throw LabsException.failed("The package index " + Console.redactUrlCredentials(page.toString()) + " answered " + response.statusCode()
                    + " (" + type + ") for " + name + ": labs reads the JSON simple API (PEP 691), which PyPI and most indexes serve");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw LabsException.failed("The package index answered " + name + " with JSON that does not parse: " + e.getMessage());
        }
        // Yanked files stay: a lock pins them with ==, which PEP 592 lets install.
        List<DistFile> files = new ArrayList<>();
        for (JsonNode file : json.path("files")) {
            String sha256 = file.path("hashes").path("sha256").asText(null);
            files.add(new DistFile(file.path("filename").asText(), response.uri().resolve(file.path("url").asText()), sha256));
        }
        return files;
    }

    /** The version in a wheel or source distribution's file name (name-1.0-py3-none-any.whl, name-1.0.tar.gz). */
    static String versionOf(String fileName, String name) {
        WheelFileName wheel = WheelFileName.parse(fileName);
        if (wheel != null) return wheel.version();
        String base = fileName.replaceAll("\\.(tar\\.gz|zip|tar\\.bz2|tgz)$", "");
        if (base.equals(fileName)) return null;
        int dash = base.lastIndexOf('-');
        if (dash < 0 || !PackageName.normalize(base.substring(0, dash)).equals(PackageName.normalize(name))) return null;
        return base.substring(dash + 1);
    }
}
