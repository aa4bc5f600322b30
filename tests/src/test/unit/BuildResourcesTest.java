import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.model.CreateProjectRequest;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;

/** The remote builder's resources as provision would create them: project, bucket settings, IAM documents. */
class BuildResourcesTest {
    private final Names names = new Names("labs-jj", "commcare-connect", "github-actions-labs-deploy");
    private final BuildPolicies.Arns arns = BuildPolicies.Arns.of(names, "eu-west-1", "123456789012");

    private static List<JsonNode> statements(String document) throws Exception {
        List<JsonNode> statements = new ArrayList<>();
        new ObjectMapper().readTree(document).path("Statement").forEach(statements::add);
        return statements;
    }

    @Test
    void theNamesDeriveFromThePrefix() {
        assertEquals("labs-jj-build", names.buildProject());
        assertEquals("/codebuild/labs-jj-build", names.buildLogGroup());
        assertEquals("labs-jj-build-sources-123456789012-eu-west-1", names.buildSourcesBucket("123456789012", "eu-west-1"));
        assertTrue(names.buildSourcesBucket("123456789012", "ap-southeast-2").length() <= 63, "S3's limit");
    }

    @Test
    void theProjectIsSmallPrivilegedLinuxOrArmAndLogsToItsGroup() {
        CreateProjectRequest x86 = BuildProject.create(names, "linux/amd64", "arn:aws:iam::123456789012:role/labs-jj-codebuild-role");
        assertEquals(EnvironmentType.LINUX_CONTAINER, x86.environment().type());
        assertEquals("BUILD_GENERAL1_SMALL", x86.environment().computeTypeAsString());
        assertTrue(x86.environment().privilegedMode(), "Docker builds need privileged mode");
        assertEquals("/codebuild/labs-jj-build", x86.logsConfig().cloudWatchLogs().groupName());
        assertEquals("NO_SOURCE", x86.source().typeAsString());
        CreateProjectRequest arm = BuildProject.create(names, "linux/arm64", "arn:role");
        assertEquals(EnvironmentType.ARM_CONTAINER, arm.environment().type());
        assertTrue(arm.environment().image().contains("aarch64"), arm.environment().image());
    }

    @Test
    void theBucketIsPrivateEncryptedAndForgetsUploadsAfterADay() {
        var block = BuildProject.publicAccessBlocked();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets());
        assertEquals("AES256", BuildProject.encrypted().rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString());
        var rule = BuildProject.sourcesExpire().rules().get(0);
        assertEquals(1, rule.expiration().days());
        assertEquals("sources/", rule.filter().prefix());
    }

    @Test
    void theServiceRoleIsTrustedOnlyByThisAccountsProject() throws Exception {
        JsonNode trust = statements(BuildPolicies.serviceRoleTrust(arns)).get(0);
        assertEquals("codebuild.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("arn:aws:codebuild:eu-west-1:123456789012:project/labs-jj-build",
                trust.path("Condition").path("ArnLike").path("aws:SourceArn").asText());
    }

    @Test
    void theServiceRoleReachesOnlyItsOwnResourcesAndTokenTakesStar() throws Exception {
        List<JsonNode> statements = statements(BuildPolicies.serviceRolePermissions(arns, null));
        for (JsonNode statement : statements) {
            String resources = statement.path("Resource").toString();
            if (statement.path("Action").toString().contains("ecr:GetAuthorizationToken")) {
                assertEquals("[\"*\"]", resources, "GetAuthorizationToken only accepts *");
                assertEquals(1, statement.path("Action").size());
            } else {
                assertFalse(resources.contains("\"*\""), statement::toString);
            }
        }
        assertTrue(statements.stream().anyMatch(s -> s.path("Resource").toString()
                .contains("arn:aws:s3:::labs-jj-build-sources-123456789012-eu-west-1/sources/*")));
        assertTrue(statements.stream().anyMatch(s -> s.path("Resource").toString()
                .contains("arn:aws:ecr:eu-west-1:123456789012:repository/labs-jj-commcare-connect")));
        assertFalse(BuildPolicies.serviceRolePermissions(arns, null).contains("secretsmanager"));
        assertTrue(BuildPolicies.serviceRolePermissions(arns, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf")
                .contains("secretsmanager:GetSecretValue"));
    }

    @Test
    void theDeployRoleMayRunTheBuildAndNothingElse() {
        String json = Json.write(BuildPolicies.deployRoleStatements(arns));
        for (String action : List.of("s3:PutObject", "s3:ListBucket", "codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild",
                "logs:GetLogEvents")) {
            assertTrue(json.contains(action), action);
        }
        assertFalse(json.contains("\"*\""), json);
        assertTrue(json.contains("arn:aws:logs:eu-west-1:123456789012:log-group:/codebuild/labs-jj-build:log-stream:*"), json);
    }

    /** BUCKET.localhost does not resolve: under an emulator's endpoint the bucket goes in the path. */
    @Test
    void s3IsAddressedPathStyleWhenTheEndpointIsOverridden() {
        assertTrue(S3.endpointOverridden(java.util.Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")));
        assertTrue(S3.endpointOverridden(java.util.Map.of("AWS_ENDPOINT_URL_S3", "http://localhost:4566")));
        assertFalse(S3.endpointOverridden(java.util.Map.of()));
        assertFalse(S3.endpointOverridden(java.util.Map.of("AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
    }
}
