import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The IAM documents provision writes, checked for least privilege without AWS. */
class PoliciesTest {
    private static final Names NAMES = new Names("labs-jj", "commcare-connect", "github-actions-labs-deploy");
    private static final Policies.Arns ARNS = Policies.Arns.of(NAMES, "eu-west-1", "123456789012");
    /** Actions that accept no resource but "*" (Service Authorization Reference). */
    private static final Set<String> ONLY_STAR = Set.of("ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition",
            "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition", "ec2:DescribeNetworkInterfaces", "ecs:ListTasks");

    private static List<JsonNode> statements(String document) {
        return JsonNode.parser().parse(document).field("Statement").orElseThrow().asArray();
    }

    private static List<String> strings(JsonNode node) {
        return node.isArray() ? node.asArray().stream().map(JsonNode::asString).toList() : List.of(node.asString());
    }

    private static List<String> field(JsonNode statement, String name) {
        return statement.field(name).map(PoliciesTest::strings).orElse(List.of());
    }

    @Test
    void deployPolicyGrantsNoWildcardActionAndStarOnlyWhereAwsAllowsNothingElse() {
        for (JsonNode statement : statements(Policies.deploy(ARNS))) {
            assertEquals("Allow", statement.field("Effect").orElseThrow().asString());
            List<String> actions = field(statement, "Action");
            List<String> resources = field(statement, "Resource");
            assertTrue(actions.stream().noneMatch(a -> a.contains("*")), actions::toString);
            if (resources.contains("*")) {
                assertTrue(ONLY_STAR.containsAll(actions), () -> actions + " on *");
            } else {
                assertTrue(resources.stream().allMatch(r -> r.contains("labs-jj") || r.contains("github-actions")), resources::toString);
            }
        }
    }

    @Test
    void deployPolicyCoversWhatDeployNeedsAndNothingDestructive() {
        Set<String> actions = statements(Policies.deploy(ARNS)).stream().flatMap(s -> field(s, "Action").stream()).collect(Collectors.toSet());
        assertTrue(actions.containsAll(Set.of("ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                "ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:DescribeServices", "ecs:RunTask", "ecs:DescribeTasks",
                "ec2:DescribeNetworkInterfaces", "iam:PassRole", "logs:GetLogEvents", "s3:PutObject", "codebuild:StartBuild",
                "codebuild:BatchGetBuilds", "codebuild:StopBuild", "ecr:DescribeImages")), actions::toString);
        assertTrue(actions.stream().noneMatch(a -> a.startsWith("iam:") && !a.equals("iam:PassRole")), actions::toString);
        assertTrue(actions.stream().noneMatch(a -> a.contains("Delete") || a.startsWith("secretsmanager:")), actions::toString);
    }

    @Test
    void passRoleOnlyForTheTwoTaskRolesAndOnlyToEcsTasks() {
        JsonNode passRole = statements(Policies.deploy(ARNS)).stream().filter(s -> field(s, "Action").contains("iam:PassRole"))
                .findFirst().orElseThrow();
        assertEquals(List.of("arn:aws:iam::123456789012:role/labs-jj-ecs-task-execution-role",
                "arn:aws:iam::123456789012:role/labs-jj-ecs-task-role"), field(passRole, "Resource"));
        assertEquals("ecs-tasks.amazonaws.com", passRole.field("Condition").orElseThrow().field("StringEquals").orElseThrow()
                .field("iam:PassedToService").orElseThrow().asString());
    }

    @Test
    void runTaskAndListTasksAreLimitedToThisCluster() {
        for (JsonNode statement : statements(Policies.deploy(ARNS))) {
            List<String> actions = field(statement, "Action");
            if (actions.contains("ecs:RunTask") || actions.contains("ecs:ListTasks")) {
                assertEquals("arn:aws:ecs:eu-west-1:123456789012:cluster/labs-jj-cluster", statement.field("Condition").orElseThrow()
                        .field("ArnEquals").orElseThrow().field("ecs:cluster").orElseThrow().asString());
            }
        }
    }

    @Test
    void githubTrustNamesTheAudienceAndTheRepository() {
        JsonNode trust = statements(Policies.githubTrust(ARNS, "dimagi/commcare-connect", null)).get(0);
        assertEquals("sts:AssumeRoleWithWebIdentity", trust.field("Action").orElseThrow().asString());
        assertEquals("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                trust.field("Principal").orElseThrow().field("Federated").orElseThrow().asString());
        JsonNode condition = trust.field("Condition").orElseThrow();
        assertEquals("sts.amazonaws.com", condition.field("StringEquals").orElseThrow().field("token.actions.githubusercontent.com:aud").orElseThrow().asString());
        assertEquals(List.of("repo:dimagi/commcare-connect:*", "repo:dimagi@*/commcare-connect@*:*"),
                field(condition.field("StringLike").orElseThrow(), "token.actions.githubusercontent.com:sub"),
                "the name-based subject and the immutable one of repositories created since July 2026");
    }

    @Test
    void githubTrustWithARefLimitsTheBranch() {
        String trust = Policies.githubTrust(ARNS, "dimagi/commcare-connect", "release/*");
        assertTrue(trust.contains("\"repo:dimagi/commcare-connect:ref:refs/heads/release/*\""), trust);
        assertTrue(trust.contains("\"repo:dimagi@*/commcare-connect@*:ref:refs/heads/release/*\""), trust);
    }

    @Test
    void executionRoleReadsExactlyTheTwoSecrets() {
        List<JsonNode> statements = statements(Policies.readSecrets("arn:key", "arn:url"));
        assertEquals(1, statements.size());
        assertEquals(List.of("secretsmanager:GetSecretValue"), field(statements.get(0), "Action"));
        assertEquals(List.of("arn:key", "arn:url"), field(statements.get(0), "Resource"));
    }

    @Test
    void taskRolesTrustOnlyEcsTasks() {
        JsonNode trust = statements(Policies.ecsTasksTrust()).get(0);
        assertEquals(Map.of("Service", "ecs-tasks.amazonaws.com"), Map.of("Service",
                trust.field("Principal").orElseThrow().field("Service").orElseThrow().asString()));
        assertFalse(Policies.ecsTasksTrust().contains("\"*\""));
    }

    @Test
    void lifecyclePolicyKeepsThirtyWithTheAnyRuleLast() {
        List<JsonNode> rules = JsonNode.parser().parse(Policies.lifecyclePolicy()).field("rules").orElseThrow().asArray();
        JsonNode last = rules.stream().max(java.util.Comparator.comparing(r -> Integer.parseInt(r.field("rulePriority").orElseThrow().asNumber())))
                .orElseThrow();
        assertEquals("any", last.field("selection").orElseThrow().field("tagStatus").orElseThrow().asString());
        assertEquals("30", last.field("selection").orElseThrow().field("countNumber").orElseThrow().asNumber());
    }

    @Test
    void documentsCompareByMeaningNotByLayout() {
        assertTrue(Policies.same("{\"a\": 1, \"b\": [\"x\"]}", "{\"b\":[\"x\"],\"a\":1}"));
        assertFalse(Policies.same("{\"a\": 1}", "{\"a\": 2}"));
        assertFalse(Policies.same(null, "{}"));
    }
}
