import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The JSON documents provision writes: IAM trust and permission policies (least privilege, on this
 * stack's resources only) and the ECR lifecycle policy. Pure functions of names, account and region.
 */
final class Policies {
    static final String GITHUB_OIDC_HOST = Names.GITHUB_OIDC_PROVIDER;
    static final String GITHUB_AUDIENCE = "sts.amazonaws.com";
    static final String ECS_TASKS = "ecs-tasks.amazonaws.com";
    static final String EXECUTION_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private Policies() {
    }

    /** ARNs of this stack's resources in one account and region. */
    record Arns(String partition, String region, String account, Names names) {
        static Arns of(Names names, String region, String account) {
            String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
            return new Arns(partition, region, account, names);
        }

        String cluster() { return ecs("cluster/" + names.cluster()); }

        String service(String service) { return ecs("service/" + names.cluster() + "/" + names.service(service)); }

        String taskDefinitions(String service) { return ecs("task-definition/" + names.taskFamily(service) + ":*"); }

        String tasks() { return ecs("task/" + names.cluster() + "/*"); }

        String repository() {
            return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + names.ecrRepository();
        }

        String logStreams(String service) {
            return "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + names.logGroup(service) + ":*";
        }

        String role(String roleName) { return "arn:" + partition + ":iam::" + account + ":role/" + roleName; }

        String oidcProvider() {
            return "arn:" + partition + ":iam::" + account + ":oidc-provider/" + GITHUB_OIDC_HOST;
        }

        private String ecs(String resource) {
            return "arn:" + partition + ":ecs:" + region + ":" + account + ":" + resource;
        }
    }

    /** Trust policy of the two task roles: only ECS tasks may assume them. */
    static String ecsTasksTrust() {
        return document(statement(null, "Allow", "sts:AssumeRole", null, Map.of("Service", ECS_TASKS), null));
    }

    /** The execution role reads exactly the stack's two secrets, to inject them into the containers. */
    static String readSecrets(String djangoSecretKeyArn, String databaseUrlArn) {
        return document(statement("ReadThisStacksSecrets", "Allow", List.of("secretsmanager:GetSecretValue"),
                List.of(djangoSecretKeyArn, databaseUrlArn), null, null));
    }

    /**
     * GitHub's OIDC tokens name the repository in "sub" (repo:OWNER/NAME:ref:refs/heads/BRANCH for a
     * branch); "aud" is sts.amazonaws.com with aws-actions/configure-aws-credentials. Repositories
     * created or renamed since 15 July 2026 get immutable subject claims, with the owner's and the
     * repository's numeric ids appended: repo:OWNER@ID/NAME@ID:... (GitHub docs, "Immutable subject
     * claims"). Both forms are accepted; the ids are not known here, so they match any id.
     */
    static String githubTrust(Arns arns, String repository, String ref) {
        String claim = ref == null ? ":*" : ":ref:" + (ref.startsWith("refs/") ? ref : "refs/heads/" + ref);
        String[] ownerAndName = repository.split("/", 2);
        List<String> subjects = List.of("repo:" + repository + claim,
                "repo:" + ownerAndName[0] + "@*/" + ownerAndName[1] + "@*" + claim);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of(GITHUB_OIDC_HOST + ":aud", GITHUB_AUDIENCE));
        condition.put("StringLike", Map.of(GITHUB_OIDC_HOST + ":sub", subjects));
        return document(statement(null, "Allow", "sts:AssumeRoleWithWebIdentity", null,
                Map.of("Federated", arns.oidcProvider()), condition));
    }

    /**
     * What deploy, migrate, rollback, ip and logs need, on this stack's resources. The actions
     * with "*" accept no other resource (Service Authorization Reference: ecr:GetAuthorizationToken,
     * ecs:RegisterTaskDefinition, ecs:DescribeTaskDefinition, ecs:ListTaskDefinitions,
     * ec2:DescribeNetworkInterfaces); ecs:ListTasks is narrowed by the ecs:cluster condition.
     */
    static String deploy(Arns arns) {
        Map<String, Object> onThisCluster = Map.of("ArnEquals", Map.of("ecs:cluster", arns.cluster()));
        List<Map<String, Object>> statements = new java.util.ArrayList<>(List.of(
                statement("LogInToEcr", "Allow", List.of("ecr:GetAuthorizationToken"), List.of("*"), null, null),
                statement("PushAndReadImages", "Allow", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                        "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer",
                        "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"),
                        List.of(arns.repository()), null, null),
                statement("TaskDefinitions", "Allow", List.of("ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
                        "ecs:RegisterTaskDefinition"), List.of("*"), null, null),
                statement("UpdateServices", "Allow", List.of("ecs:DescribeServices", "ecs:UpdateService"),
                        List.of(arns.service("web"), arns.service("worker")), null, null),
                statement("RunMigrations", "Allow", List.of("ecs:RunTask"),
                        List.of(arns.taskDefinitions("web"), arns.taskDefinitions("worker")), null, onThisCluster),
                statement("WatchTasks", "Allow", List.of("ecs:DescribeTasks", "ecs:StopTask"), List.of(arns.tasks()),
                        null, null),
                statement("ListTasks", "Allow", List.of("ecs:ListTasks"), List.of("*"), null, onThisCluster),
                statement("FindPublicIp", "Allow", List.of("ec2:DescribeNetworkInterfaces"), List.of("*"), null, null),
                statement("ReadLogs", "Allow", List.of("logs:FilterLogEvents", "logs:GetLogEvents"),
                        List.of(arns.logStreams("web"), arns.logStreams("worker")), null, null),
                statement("PassTaskRoles", "Allow", List.of("iam:PassRole"),
                        List.of(arns.role(arns.names().executionRole()), arns.role(arns.names().taskRole())), null,
                        Map.of("StringEquals", Map.of("iam:PassedToService", ECS_TASKS)))));
        // the codebuild builder, for jobs without Docker (jbang-action's container)
        statements.addAll(BuildPolicies.deployRoleStatements(BuildPolicies.Arns.of(arns.names(), arns.region(), arns.account())));
        return document(statements.toArray(Map[]::new));
    }

    /**
     * Untagged images go after a day; then the newest 30 stay. ECR evaluates rules by priority and a
     * tagStatus "any" rule must have the highest priority number (ECR lifecycle policy reference).
     */
    static String lifecyclePolicy() {
        Map<String, Object> untagged = new LinkedHashMap<>();
        untagged.put("rulePriority", 1);
        untagged.put("description", "Expire untagged images after 1 day");
        untagged.put("selection", ordered("tagStatus", "untagged", "countType", "sinceImagePushed",
                "countUnit", "days", "countNumber", 1));
        untagged.put("action", Map.of("type", "expire"));
        Map<String, Object> newest = new LinkedHashMap<>();
        newest.put("rulePriority", 2);
        newest.put("description", "Keep the last " + StackSpec.IMAGES_KEPT + " images");
        newest.put("selection", ordered("tagStatus", "any", "countType", "imageCountMoreThan",
                "countNumber", StackSpec.IMAGES_KEPT));
        newest.put("action", Map.of("type", "expire"));
        return Json.write(Map.of("rules", List.of(untagged, newest)));
    }

    /** Same JSON meaning, whatever the key order and whitespace; null is no document. */
    static boolean same(String document, String other) {
        if (document == null || other == null) return document == other;
        try {
            return JsonNode.parser().parse(document).equals(JsonNode.parser().parse(other));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static String document(Map<?, ?>... statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statements));
        return Json.write(document);
    }

    private static Map<String, Object> statement(String sid, String effect, Object action, List<String> resources,
            Map<String, String> principal, Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        if (sid != null) statement.put("Sid", sid);
        statement.put("Effect", effect);
        if (principal != null) statement.put("Principal", principal);
        statement.put("Action", action);
        if (resources != null) statement.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
        if (condition != null) statement.put("Condition", condition);
        return statement;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
