import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The numeric ids of a GitHub repository and of its owner, for the immutable subject claims, from
 * GitHub's REST API: GET /repos/OWNER/NAME answers "id", "owner.id" and "full_name" (the name as
 * GitHub spells it, which the case-sensitive trust policy must use). Asked without credentials, so
 * that no token goes to whatever labs.github.api names: a public repository answers, a private one
 * answers 404 like a missing one. A short timeout: a machine without internet loses seconds, not minutes.
 */
final class GithubIds {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The ids and the canonical name, or why GitHub did not give them. */
    record Answer(String repository, String ownerId, String repositoryId, String problem) {
        static Answer failed(String problem) {
            return new Answer(null, null, null, problem);
        }

        boolean found() {
            return problem == null;
        }
    }

    private GithubIds() {
    }

    static Answer lookUp(String apiBase, String repository) {
        URI uri = URI.create(apiBase.replaceFirst("/+$", "") + "/repos/" + repository);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28").header("User-Agent", "labs-provision").GET().build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Answer.failed(uri.getHost() + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted");
        }
        if (response.statusCode() == 404) return Answer.failed("HTTP 404: the repository is private or does not exist");
        if (response.statusCode() != 200) return Answer.failed("HTTP " + response.statusCode() + " from " + uri);
        try {
            JsonNode body = JsonNode.parser().parse(response.body());
            String name = body.field("full_name").map(JsonNode::asString).orElseThrow();
            String repositoryId = body.field("id").map(JsonNode::asNumber).orElseThrow();
            String ownerId = body.field("owner").flatMap(owner -> owner.field("id")).map(JsonNode::asNumber).orElseThrow();
            if (!repositoryId.matches("[0-9]+") || !ownerId.matches("[0-9]+")) return Answer.failed("ids that are not numbers");
            return new Answer(name, ownerId, repositoryId, null);
        } catch (RuntimeException e) {
            return Answer.failed("an answer without the repository's and owner's ids");
        }
    }
}
