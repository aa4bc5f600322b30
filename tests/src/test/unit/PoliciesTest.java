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
    private static final Set<String> ONLY_STAR = Set.of("ecr:GetAuthorizationToken", "pricing:GetProducts", "ecs:DescribeTaskDefinition",
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
        assertTrue(actions.stream().noneMatch(a -> a.startsWith("secretsmanager:") || a.equals("rds:StopDBInstance")), actions::toString);
        // the one deletion: wake's, of sleep's schedule
        List<JsonNode> deletions = statements(Policies.deploy(ARNS)).stream()
                .filter(s -> field(s, "Action").stream().anyMatch(a -> a.contains("Delete"))).toList();
        assertEquals(1, deletions.size(), deletions::toString);
        assertEquals(List.of("arn:aws:scheduler:eu-west-1:123456789012:schedule/default/labs-jj-stop-database"),
                field(deletions.get(0), "Resource"));
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
    void tagsOnlyNewRevisionsOfThisStacksFamiliesAsTheyAreRegistered() {
        IamPolicy deploy = IamPolicy.of(Policies.deploy(ARNS));
        String web = "arn:aws:ecs:eu-west-1:123456789012:task-definition/labs-jj-web:8";
        Map<String, List<String>> atRegistration = Map.of("ecs:CreateAction", List.of("RegisterTaskDefinition"));
        assertTrue(deploy.allows(new IamPolicy.Request("ecs:TagResource", web, atRegistration)));
        assertFalse(deploy.allows(new IamPolicy.Request("ecs:TagResource", web, Map.of())), "tagging an existing revision");
        assertFalse(deploy.allows(new IamPolicy.Request("ecs:TagResource", web, Map.of("ecs:CreateAction", List.of("RunTask")))));
        assertFalse(deploy.allows(new IamPolicy.Request("ecs:TagResource",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/labs-prod-web:8", atRegistration)));
        assertFalse(deploy.allows(new IamPolicy.Request("ecs:TagResource",
                "arn:aws:ecs:eu-west-1:123456789012:service/labs-jj-cluster/labs-jj-web", atRegistration)));
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

    private static final String OIDC = "token.actions.githubusercontent.com";

    /** A GitHub Actions token exchanged for the deploy role, as STS evaluates the role's trust. */
    private static boolean admits(String trust, String subject) {
        return IamPolicy.of(trust).allows(new IamPolicy.Request("sts:AssumeRoleWithWebIdentity", "*",
                Map.of(OIDC + ":aud", List.of("sts.amazonaws.com"), OIDC + ":sub", List.of(subject)),
                new IamPolicy.Principal("Federated", "arn:aws:iam::123456789012:oidc-provider/" + OIDC)));
    }

    private static GithubDeployer deployer(String ref, String environment, String ownerId, String repositoryId) {
        return new GithubDeployer("dimagi/commcare-connect", ref, environment, ownerId, repositoryId);
    }

    @Test
    void githubTrustNamesTheProviderTheAudienceAndTheRepository() {
        JsonNode trust = statements(Policies.githubTrust(ARNS, deployer(null, null, null, null))).get(0);
        assertEquals("sts:AssumeRoleWithWebIdentity", trust.field("Action").orElseThrow().asString());
        assertEquals("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                trust.field("Principal").orElseThrow().field("Federated").orElseThrow().asString());
        JsonNode condition = trust.field("Condition").orElseThrow();
        assertEquals("sts.amazonaws.com", condition.field("StringEquals").orElseThrow().field(OIDC + ":aud").orElseThrow().asString());
        assertEquals(List.of("repo:dimagi/commcare-connect:ref:refs/heads/*"), field(condition.field("StringLike").orElseThrow(), OIDC + ":sub"));
        String document = Policies.githubTrust(ARNS, deployer(null, null, null, null));
        assertFalse(IamPolicy.of(document).allows(new IamPolicy.Request("sts:AssumeRoleWithWebIdentity", "*",
                Map.of(OIDC + ":aud", List.of("https://github.com/dimagi"), OIDC + ":sub", List.of("repo:dimagi/commcare-connect:ref:refs/heads/main")),
                new IamPolicy.Principal("Federated", "arn:aws:iam::123456789012:oidc-provider/" + OIDC))), "another audience");
    }

    @Test
    void byDefaultAnyBranchMayDeployButNotPullRequestsTagsEnvironmentsOrOtherRepositories() {
        String trust = Policies.githubTrust(ARNS, deployer(null, null, null, null));
        assertTrue(admits(trust, "repo:dimagi/commcare-connect:ref:refs/heads/main"));
        assertTrue(admits(trust, "repo:dimagi/commcare-connect:ref:refs/heads/feature/faster-deploys"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:pull_request"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:ref:refs/tags/v1.0"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:environment:production"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect-fork:ref:refs/heads/main"));
        assertFalse(admits(trust, "repo:evil/commcare-connect:ref:refs/heads/main"));
    }

    @Test
    void aRefNarrowsTheBranches() {
        String trust = Policies.githubTrust(ARNS, deployer("release/*", null, null, null));
        assertTrue(admits(trust, "repo:dimagi/commcare-connect:ref:refs/heads/release/2026-11"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:ref:refs/heads/main"));
        assertTrue(admits(Policies.githubTrust(ARNS, deployer("refs/tags/v*", null, null, null)),
                "repo:dimagi/commcare-connect:ref:refs/tags/v2.0"), "a full ref is taken as it is");
    }

    @Test
    void anEnvironmentIsTrustedInsteadOfBranches() {
        String trust = Policies.githubTrust(ARNS, deployer(null, "production", null, null));
        assertTrue(admits(trust, "repo:dimagi/commcare-connect:environment:production"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:environment:staging"));
        assertFalse(admits(trust, "repo:dimagi/commcare-connect:ref:refs/heads/main"));
    }

    @Test
    void theImmutableSubjectIsTrustedOnlyWithTheRealIds() {
        String withIds = Policies.githubTrust(ARNS, deployer(null, null, "1234", "5678"));
        assertTrue(admits(withIds, "repo:dimagi@1234/commcare-connect@5678:ref:refs/heads/main"));
        assertTrue(admits(withIds, "repo:dimagi/commcare-connect:ref:refs/heads/main"));
        assertFalse(admits(withIds, "repo:dimagi@999/commcare-connect@5678:ref:refs/heads/main"), "a new owner that took the name");
        assertFalse(admits(withIds, "repo:dimagi@1234/commcare-connect@9999:ref:refs/heads/main"), "a new repository that took the name");

        String withoutIds = Policies.githubTrust(ARNS, deployer(null, null, null, null));
        assertFalse(withoutIds.contains("@"), withoutIds);
        assertFalse(admits(withoutIds, "repo:dimagi@1234/commcare-connect@5678:ref:refs/heads/main"));
    }

    @Test
    void executionRoleReadsExactlyTheStacksSecretsAndTheAppSecrets() {
        String key = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-django-secret-key-AbCdEf";
        String url = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-database-url-GhIjKl";
        List<JsonNode> statements = statements(Policies.readSecrets(key, url, new Names("labs-jj", "commcare-connect", "deploy")));
        assertEquals(1, statements.size());
        assertEquals(List.of("secretsmanager:GetSecretValue"), field(statements.get(0), "Action"));
        assertEquals(List.of(key, url, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-redis-url-??????",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-app-secrets-??????"),
                field(statements.get(0), "Resource"));
    }

    private static IamPolicy.Request ecsAssumes(String sourceAccount, String sourceArn) {
        Map<String, List<String>> context = new java.util.HashMap<>();
        if (sourceAccount != null) context.put("aws:SourceAccount", List.of(sourceAccount));
        if (sourceArn != null) context.put("aws:SourceArn", List.of(sourceArn));
        return new IamPolicy.Request("sts:AssumeRole", "*", context, new IamPolicy.Principal("Service", "ecs-tasks.amazonaws.com"));
    }

    @Test
    void theTaskRoleTrustsOnlyEcsTasksOfThisAccountAndRegion() {
        IamPolicy trust = IamPolicy.of(Policies.taskRoleTrust(ARNS));
        String task = "arn:aws:ecs:eu-west-1:123456789012:task/labs-jj-cluster/0123456789abcdef";
        assertTrue(trust.allows(ecsAssumes("123456789012", task)));
        assertFalse(trust.allows(ecsAssumes("999999999999", "arn:aws:ecs:eu-west-1:999999999999:task/x/1")), "another account's task");
        assertFalse(trust.allows(ecsAssumes("123456789012", "arn:aws:ecs:us-east-1:123456789012:task/x/1")), "another region");
        assertFalse(trust.allows(ecsAssumes(null, null)), "without the confused-deputy keys");
        assertFalse(trust.allows(new IamPolicy.Request("sts:AssumeRole", "*", Map.of("aws:SourceAccount", List.of("123456789012"),
                "aws:SourceArn", List.of(task)), new IamPolicy.Principal("Service", "ec2.amazonaws.com"))));
    }

    @Test
    void theExecutionRoleTrustsOnlyEcsTasksOfThisAccount() {
        IamPolicy trust = IamPolicy.of(Policies.executionRoleTrust(ARNS));
        assertTrue(trust.allows(ecsAssumes("123456789012", null)));
        assertFalse(trust.allows(ecsAssumes("999999999999", null)));
        assertFalse(trust.allows(ecsAssumes(null, null)));
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
