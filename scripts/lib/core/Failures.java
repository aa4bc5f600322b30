import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns any exception into one sentence that says what to do. */
final class Failures {
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "TokenRefreshRequired");
    private static final Set<String> INVALID_CREDENTIALS = Set.of("UnrecognizedClientException",
            "InvalidClientTokenId", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthFailure");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedException", "AuthorizationError");
    private static final Pattern ACTION = Pattern.compile("perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+)");

    private Failures() {
    }

    /**
     * @param operation the last AWS operation attempted, as "service:Operation", used when the
     *     error message does not name the action
     * @param profile the AWS profile in use, or null
     */
    static LabsException explain(Throwable failure, String operation, String profile) {
        if (failure instanceof LabsException labs) return labs;
        if (failure instanceof AwsServiceException aws) return explainService(aws, operation);
        if (failure instanceof SdkClientException client) return explainClient(client, profile);
        return new LabsException(LabsException.FAILED, "Unexpected error: " + failure
                + " (run again with --debug for the stack trace)", failure);
    }

    private static LabsException explainService(AwsServiceException aws, String operation) {
        AwsErrorDetails details = aws.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String message = details == null || details.errorMessage() == null ? aws.getMessage() : details.errorMessage();
        String action = actionOf(message, operation);
        if (EXPIRED.contains(code)) {
            return new LabsException(LabsException.USAGE, "Your AWS credentials have expired (" + code
                    + "): refresh them (for an SSO profile: aws sso login) and run again", aws);
        }
        if (INVALID_CREDENTIALS.contains(code)) {
            return new LabsException(LabsException.USAGE, "AWS rejected the credentials (" + code
                    + "): check AWS_PROFILE or AWS_ACCESS_KEY_ID and the region", aws);
        }
        if (ACCESS_DENIED.contains(code)) {
            return new LabsException(LabsException.FAILED, "Access denied: your AWS identity may not call "
                    + action + "; ask an administrator to allow " + action + " (or use a profile that has it)", aws);
        }
        if (aws.isThrottlingException()) {
            return new LabsException(LabsException.FAILED, "AWS kept throttling " + action
                    + " after the SDK's retries; wait a minute and run again", aws);
        }
        return new LabsException(LabsException.FAILED, "AWS " + action + " failed: " + message
                + (code.isEmpty() ? "" : " (" + code + ")"), aws);
    }

    private static String actionOf(String message, String operation) {
        Matcher matcher = ACTION.matcher(message == null ? "" : message);
        if (matcher.find()) return matcher.group(1);
        return operation == null ? "an AWS API" : operation;
    }

    private static LabsException explainClient(SdkClientException client, String profile) {
        String message = String.valueOf(client.getMessage());
        String profileHint = profile == null ? "" : " --profile " + profile;
        if (message.contains("SSO") && (message.contains("expired") || message.contains("invalid")
                || message.contains("Unable to load SSO token"))) {
            return new LabsException(LabsException.USAGE, "Your AWS SSO session has expired: run `aws sso login"
                    + profileHint + "` and run again", client);
        }
        if (message.contains("Unable to load credentials") || message.contains("no credentials")
                || message.contains("Profile file contained no credentials")) {
            return new LabsException(LabsException.USAGE, "No AWS credentials found"
                    + (profile == null ? "" : " for profile '" + profile + "'")
                    + ": set AWS_PROFILE (and run `aws sso login` for an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                    client);
        }
        if (message.contains("Unable to load region") || message.contains("Unable to load a region")) {
            return new LabsException(LabsException.USAGE,
                    "No AWS region: pass --region, set AWS_REGION, or put labs.region in labs.properties", client);
        }
        if (message.contains("Unable to execute HTTP request")) {
            return new LabsException(LabsException.FAILED, "Cannot reach AWS: " + rootMessage(client)
                    + " (check the network, AWS_REGION and AWS_ENDPOINT_URL)", client);
        }
        return new LabsException(LabsException.FAILED, "AWS SDK error: " + message, client);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
