import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whom provision --github-repo lets assume the deploy role: branches by default, one branch, or
 * one environment; and GitHub's immutable subject with the ids that GitHub's API (a loopback server
 * here) or the settings give, never with a wildcard.
 */
class ProvisionGithubTrustTest {
    private static final String ROLE = "github-actions-labs-deploy";

    private final FakeAccount account = new FakeAccount();
    private final List<Map<String, List<String>>> apiRequestHeaders = new ArrayList<>();
    private HttpServer github;

    @AfterEach
    void stopGithub() {
        if (github != null) github.stop(0);
    }

    /** A GitHub REST API on loopback that knows one public repository. */
    private String githubApi(int status, String body) throws IOException {
        github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        github.createContext("/", exchange -> {
            apiRequestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            boolean known = exchange.getRequestURI().getPath().equals("/repos/dimagi/commcare-connect");
            byte[] answer = (known ? body : "{\"message\":\"Not Found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? status : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        github.start();
        return "http://127.0.0.1:" + github.getAddress().getPort();
    }

    private Cli.Result provision(Map<String, String> environment, String... args) {
        Cli cli = account.cli();
        environment.forEach(cli::env);
        return cli.run(new Provision(), args);
    }

    private List<String> subjects() {
        String trust = account.iam.trust(ROLE);
        List<String> subjects = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"(repo:[^\"]+)\"").matcher(trust);
        while (matcher.find()) subjects.add(matcher.group(1));
        return subjects;
    }

    @Test
    void theIdsGithubGivesAddTheImmutableSubjectAndNoTokenIsSent() throws IOException {
        String api = githubApi(200, "{\"id\": 5678, \"full_name\": \"dimagi/commcare-connect\", \"owner\": {\"login\": \"dimagi\", \"id\": 1234}}");
        Cli.Result result = provision(Map.of("LABS_GITHUB_API", api, "GITHUB_TOKEN", "ghs_secret-that-must-stay-home"),
                "--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/*", "repo:dimagi@1234/commcare-connect@5678:ref:refs/heads/*"),
                subjects());
        assertTrue(result.err().contains("GitHub ids of dimagi/commcare-connect: owner 1234, repository 5678"), result::toString);
        assertEquals(1, apiRequestHeaders.size());
        assertFalse(apiRequestHeaders.get(0).keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization")), apiRequestHeaders::toString);
    }

    @Test
    void theNameAsGithubSpellsItIsTrustedSinceSubjectsAreCaseSensitive() throws IOException {
        String api = githubApi(200, "{\"id\": 5678, \"full_name\": \"dimagi/commcare-connect\", \"owner\": {\"id\": 1234}}");
        github.createContext("/repos/Dimagi/CommCare-Connect", exchange -> {
            byte[] answer = "{\"id\": 5678, \"full_name\": \"dimagi/commcare-connect\", \"owner\": {\"id\": 1234}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        Cli.Result result = provision(Map.of("LABS_GITHUB_API", api), "--github-repo", "Dimagi/CommCare-Connect");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/*", "repo:dimagi@1234/commcare-connect@5678:ref:refs/heads/*"),
                subjects());
    }

    @Test
    void withoutTheIdsOnlyTheNameIsTrustedAndTheOutputSaysHowToAddThem() throws IOException {
        String api = githubApi(404, "");
        Cli.Result result = provision(Map.of("LABS_GITHUB_API", api), "--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/*"), subjects());
        assertFalse(account.iam.trust(ROLE).contains("@"), account.iam.trust(ROLE));
        assertTrue(result.err().contains("The deploy role trusts only the subject repo:dimagi/commcare-connect:ref:refs/heads/*"), result::toString);
        assertTrue(result.err().contains("HTTP 404: the repository is private or does not exist"), result::toString);
        assertTrue(result.err().contains("set labs.github.owner-id and labs.github.repo-id (gh api repos/dimagi/commcare-connect"
                + " --jq '.owner.id, .id') and run provision again"), result::toString);
    }

    @Test
    void anUnreachableApiCostsSecondsAndChangesNothingElse() {
        Cli.Result result = provision(Map.of("LABS_GITHUB_API", "http://127.0.0.1:9"), "--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/*"), subjects());
        assertTrue(result.err().contains("127.0.0.1 did not answer"), result::toString);
    }

    @Test
    void idsFromTheSettingsNeedNoApi() {
        Cli.Result result = provision(Map.of("LABS_GITHUB_OWNER_ID", "1234", "LABS_GITHUB_REPO_ID", "5678"),
                "--github-repo", "dimagi/commcare-connect", "--github-ref", "main");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/main", "repo:dimagi@1234/commcare-connect@5678:ref:refs/heads/main"),
                subjects());
        assertFalse(result.err().contains("trusts only"), result::toString);
    }

    @Test
    void anEnvironmentIsTrustedInsteadOfBranchesAndChangingItUpdatesTheRole() {
        assertEquals(0, provision(Map.of(), "--github-repo", "dimagi/commcare-connect").exitCode());
        Cli.Result result = provision(Map.of(), "--github-repo", "dimagi/commcare-connect", "--github-environment", "production");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("update   IAM role           github-actions-labs-deploy: trust GitHub Actions of"
                + " dimagi/commcare-connect (environment production) only"), result::toString);
        assertEquals(List.of("repo:dimagi/commcare-connect:environment:production"), subjects());
    }

    @Test
    void aBranchAndAnEnvironmentTogetherAreAUsageError() {
        Cli.Result result = provision(Map.of("LABS_GITHUB_ENVIRONMENT", "production"), "--github-repo", "dimagi/commcare-connect",
                "--github-ref", "main");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("labs.github.ref and labs.github.environment cannot both be set"), result::toString);
        assertNull(account.iam.roles.get(ROLE));
    }

    @Test
    void idsMustBeBothGivenAndNumbers() {
        Cli.Result one = provision(Map.of("LABS_GITHUB_OWNER_ID", "1234"), "--github-repo", "dimagi/commcare-connect");
        assertEquals(2, one.exitCode(), one::toString);
        assertTrue(one.err().contains("Set both labs.github.owner-id and labs.github.repo-id"), one::toString);

        Cli.Result wildcard = provision(Map.of("LABS_GITHUB_OWNER_ID", "*", "LABS_GITHUB_REPO_ID", "5678"),
                "--github-repo", "dimagi/commcare-connect");
        assertEquals(2, wildcard.exitCode(), wildcard::toString);
        assertTrue(wildcard.err().contains("labs.github.owner-id must be GitHub's numeric id, got '*'"), wildcard::toString);
    }

    @Test
    void anEnvironmentNameThatWouldBeAWildcardIsRefused() {
        Cli.Result result = provision(Map.of(), "--github-repo", "dimagi/commcare-connect", "--github-environment", "prod*");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("labs.github.environment must be a GitHub environment name"), result::toString);
    }
}
