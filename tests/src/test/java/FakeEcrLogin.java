import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * ECR's GetAuthorizationToken as AWS answers it: one authorizationData entry with a base64
 * "AWS:password" token, a proxyEndpoint URL and a 12-hour expiry
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html).
 */
final class FakeEcrLogin implements EcrClient {
    static final String PASSWORD = "eyJwYXlsb2FkIjoiZmFrZS1lY3ItcGFzc3dvcmQifQ";

    private final String proxyEndpoint;
    int tokensIssued;

    FakeEcrLogin(String proxyEndpoint) {
        this.proxyEndpoint = proxyEndpoint;
    }

    @Override
    public GetAuthorizationTokenResponse getAuthorizationToken(GetAuthorizationTokenRequest request) {
        tokensIssued++;
        String token = Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return GetAuthorizationTokenResponse.builder().authorizationData(AuthorizationData.builder()
                .authorizationToken(token).proxyEndpoint(proxyEndpoint)
                .expiresAt(Instant.now().plusSeconds(12 * 3600)).build()).build();
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {
    }
}
