import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** AWS errors as the SDK raises them become one sentence that says what to do. */
class FailuresTest {

    private static EcsException ecsError(int status, String code, String message) {
        return (EcsException) EcsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("ECS").build())
                .build();
    }

    /** An ECS whose every DescribeServices call fails with the given exception. */
    private static Cli.Result ipFailingWith(RuntimeException failure, String... args) {
        DefaultStack stack = DefaultStack.running();
        EcsClient failing = new FakeEcs() {
            @Override
            public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
                throw failure;
            }
        };
        return stack.cli().with(EcsClient.class, failing).run(new Ip(), args);
    }

    @Test
    void accessDeniedNamesTheAction() {
        Cli.Result result = ipFailingWith(ecsError(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: ecs:DescribeServices on resource: *"));
        assertEquals(1, result.exitCode());
        assertEquals(List.of("error: Access denied: your AWS identity may not call ecs:DescribeServices; ask an administrator "
                + "to allow ecs:DescribeServices (or use a profile that has it)"), result.err().lines().toList());
    }

    /** An error response the SDK could not parse has neither code nor message in its details. */
    @Test
    void anErrorWithoutCodeOrMessageSaysWhatTheSdkKnows() {
        EcsException bare = (EcsException) EcsException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("ECS").build()).build();
        Cli.Result result = ipFailingWith(bare);
        assertEquals(1, result.exitCode());
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("error: AWS an AWS API failed: "), result::toString);
        assertFalse(result.err().contains("null (null)"), result::toString);
    }

    @Test
    void expiredTokenSaysToRefresh() {
        Cli.Result result = ipFailingWith(ecsError(400, "ExpiredTokenException", "The security token included in the request is expired"));
        assertEquals(2, result.exitCode());
        result.assertErrContains("Your AWS credentials have expired");
    }

    @Test
    void throttlingTheSdkGaveUpOn() {
        Cli.Result result = ipFailingWith(ecsError(400, "ThrottlingException", "Rate exceeded"));
        assertEquals(1, result.exitCode());
        result.assertErrContains("AWS kept throttling",
                "wait a minute and run again");
    }

    @Test
    void expiredSsoSessionSaysToLogIn() {
        SdkClientException sso = SdkClientException.create("Unable to load credentials from any of the providers in the chain: "
                + "[ProfileCredentialsProvider: The SSO session associated with this profile has expired or is otherwise invalid. "
                + "To refresh this SSO session run aws sso login with the corresponding profile.]");
        Cli.Result result = ipFailingWith(sso, "--profile", "dev");
        assertEquals(2, result.exitCode());
        result.assertErrContains("Your AWS SSO session has expired: run `aws sso login --profile dev`");
    }

    @Test
    void missingCredentials() {
        Cli.Result result = ipFailingWith(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain"));
        assertEquals(2, result.exitCode());
        result.assertErrContains("No AWS credentials found");
    }

    @Test
    void unexpectedErrorHasNoStackTraceUnlessDebug() {
        Cli.Result plain = ipFailingWith(new IllegalStateException("boom"));
        assertEquals(1, plain.exitCode());
        assertEquals(1, plain.err().lines().count(), plain::toString);
        Cli.Result debug = ipFailingWith(new IllegalStateException("boom"), "--debug");
        debug.assertErrContains("at FailuresTest");
    }

    @Test
    void underGithubActionsErrorsBecomeAnnotationsAndGoToTheSummary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path summary = dir.resolve("summary.md");
        DefaultStack stack = DefaultStack.running();
        stack.ecs.services.remove("labs-jj-cluster/labs-jj-worker");
        Cli.Result result = stack.cli().env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString())
                .run(new Ip(), "--service", "worker");
        assertTrue(result.err().startsWith("::error::ECS service 'labs-jj-worker' not found"), result::toString);
        assertFalse(result.out().contains("::error::"), result::toString);
        assertTrue(java.nio.file.Files.readString(summary).startsWith("**labs ip failed:** ECS service 'labs-jj-worker' not found"));
    }
}
