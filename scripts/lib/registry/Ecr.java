import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/** Logs in to the account's ECR registry with the AWS credentials: no Docker, no aws CLI. */
final class Ecr {
    /** A registry host with the user and password that push to it. */
    record Login(String registry, String username, String password) {
    }

    private final LabsOptions labs;

    Ecr(LabsOptions labs) {
        this.labs = labs;
    }

    /**
     * GetAuthorizationToken returns a base64 "AWS:password" token valid for 12 hours and the
     * registry's proxyEndpoint (https://ACCOUNT.dkr.ecr.REGION.amazonaws.com); see
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
     */
    Login login() {
        EcrClient ecr = labs.aws().client(EcrClient.class, EcrClient::builder);
        GetAuthorizationTokenResponse response = ecr.getAuthorizationToken(r -> { });
        if (response.authorizationData().isEmpty()) {
            throw LabsException.failed("ECR returned no authorization data for " + labs.aws().region());
        }
        return login(response.authorizationData().get(0));
    }

    Login login(AuthorizationData data) {
        String token = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = token.indexOf(':');
        String password = token.substring(colon + 1);
        labs.console().secret(password);
        labs.console().secret(data.authorizationToken());
        String registry = data.proxyEndpoint().replaceFirst("^https?://", "").replaceFirst("/+$", "");
        return new Login(registry, token.substring(0, colon), password);
    }
}
