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

        String service(AppService service) { return ecs("service/" + names.cluster() + "/" + names.service(service)); }

        String taskDefinitions(AppService service) { return ecs("task-definition/" + names.taskFamily(service) + ":*"); }

        String tasks() { return ecs("task/" + names.cluster() + "/*"); }

        String repository() {
            return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + names.ecrRepository();
        }

        /** A log group's own ARN, which log-group actions such as FilterLogEvents are authorized on. */
        String logGroup(AppService service) {
            return "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + names.logGroup(service);
        }

        /** Its streams, log-group:NAME:log-stream:STREAM, and the group as CloudWatch Logs long wrote it, NAME:*. */
        String logStreams(AppService service) {
            return logGroup(service) + ":*";
        }

        String database() { return "arn:" + partition + ":rds:" + region + ":" + account + ":db:" + names.dbInstance(); }

        /** sleep's schedule, in the account's default group (EventBridge Scheduler: schedule/GROUP/NAME). */
        String sleepSchedule() {
            return "arn:" + partition + ":scheduler:" + region + ":" + account + ":schedule/default/" + names.databaseStopSchedule();
        }

        String cacheCluster(String id) {
            return "arn:" + partition + ":elasticache:" + region + ":" + account + ":cluster:" + id;
        }

        String replicationGroup() {
            return "arn:" + partition + ":elasticache:" + region + ":" + account + ":replicationgroup:" + names.cacheCluster();
        }

        /** Every ECS resource of this account in this region, as aws:SourceArn of ECS tasks can be scoped. */
        String ecsInThisRegion() { return ecs("*"); }

        String role(String roleName) { return "arn:" + partition + ":iam::" + account + ":role/" + roleName; }

        String oidcProvider() {
            return "arn:" + partition + ":iam::" + account + ":oidc-provider/" + GITHUB_OIDC_HOST;
        }

        private String ecs(String resource) {
            return "arn:" + partition + ":ecs:" + region + ":" + account + ":" + resource;
        }
    }

    /**
     * Trust of the task role: ECS tasks of this account and region only. AWS recommends both
     * aws:SourceAccount and aws:SourceArn against the confused deputy, and supports no single cluster
     * in aws:SourceArn: "use the wildcard to specify all clusters" (ECS developer guide, "Amazon ECS
     * task IAM role", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
     */
    static String taskRoleTrust(Arns arns) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("ArnLike", Map.of("aws:SourceArn", arns.ecsInThisRegion()));
        condition.put("StringEquals", Map.of("aws:SourceAccount", arns.account()));
        return document(statement(null, "Allow", "sts:AssumeRole", null, Map.of("Service", ECS_TASKS), condition));
    }

    /**
     * Trust of the execution role: ECS tasks of this account only. The ECS guide documents the
     * confused-deputy keys for the task role, not for the execution role (its trust example has no
     * condition, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html);
     * aws:SourceAccount is in use on execution roles, aws:SourceArn is not shown anywhere for them,
     * and a key ECS did not send would deny the role and stop every task from starting. So only
     * aws:SourceAccount here.
     */
    static String executionRoleTrust(Arns arns) {
        return document(statement(null, "Allow", "sts:AssumeRole", null, Map.of("Service", ECS_TASKS),
                Map.of("StringEquals", Map.of("aws:SourceAccount", arns.account()))));
    }

    /**
     * The execution role reads exactly the stack's secrets, to inject them into the containers: its
     * two, the Redis URL of a Redis with AUTH (PREFIX-redis-url, absent while an adopted Redis has no
     * AUTH) and the app's (PREFIX-app-secrets), which `config set --secret` creates later. The last two
     * are named by pattern: Secrets Manager appends a hyphen and six characters to a secret's name, and
     * "-??????" matches exactly those (Secrets Manager user guide, "Permissions policy examples":
     * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html).
     */
    static String readSecrets(String djangoSecretKeyArn, String databaseUrlArn, Names names) {
        return document(statement("ReadThisStacksSecrets", "Allow", List.of("secretsmanager:GetSecretValue"),
                List.of(djangoSecretKeyArn, databaseUrlArn, appSecretsArnPattern(djangoSecretKeyArn, names.redisUrlSecret()),
                        appSecretsArnPattern(djangoSecretKeyArn, names.appSecrets())), null, null));
    }

    /** The ARN of a secret named name in the account and region of another secret's ARN, any suffix. */
    static String appSecretsArnPattern(String siblingSecretArn, String name) {
        return siblingSecretArn.substring(0, siblingSecretArn.indexOf(":secret:") + ":secret:".length()) + name + "-??????";
    }

    /**
     * The deploy role's trust: GitHub's OIDC provider, for tokens with audience sts.amazonaws.com (as
     * aws-actions/configure-aws-credentials asks for) whose "sub" is one of the deployer's subjects
     * (see GithubDeployer: branches, one branch or pattern, or an environment; the immutable form
     * only with the real ids).
     */
    static String githubTrust(Arns arns, GithubDeployer deployer) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("StringEquals", Map.of(GITHUB_OIDC_HOST + ":aud", GITHUB_AUDIENCE));
        condition.put("StringLike", Map.of(GITHUB_OIDC_HOST + ":sub", deployer.subjects()));
        return document(statement(null, "Allow", "sts:AssumeRoleWithWebIdentity", null,
                Map.of("Federated", arns.oidcProvider()), condition));
    }

    /**
     * What the workflow's commands need (deploy, migrate, rollback, ip, status, logs and wake, which
     * deploy --wake runs too), on this stack's resources; DeployRolePolicyTest evaluates every AWS
     * call they make against this document. Not sleep: it creates its scheduler role, and a role that
     * may write a role's policy and pass it to the scheduler could run any AWS call through it.
     * Resource "*" where the action has no resource types (Service Authorization Reference:
     * ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition, ecs:ListTaskDefinitions,
     * ec2:DescribeNetworkInterfaces) or names none for a cluster-wide listing (ecs:ListTasks, narrowed
     * by the ecs:cluster condition instead). ecs:RegisterTaskDefinition stays on "*" too: registering
     * a revision starts nothing, and what could run it (UpdateService, RunTask, iam:PassRole) is
     * limited to this stack.
     *
     * A RegisterTaskDefinition with tags (labs tags every revision) is also authorized as
     * ecs:TagResource on the new revision, with the condition key ecs:CreateAction =
     * RegisterTaskDefinition: without that grant the registration is denied (ECS developer guide,
     * "Grant permission to tag resources on creation",
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html).
     */
    static String deploy(Arns arns) {
        Map<String, Object> onThisCluster = Map.of("ArnEquals", Map.of("ecs:cluster", arns.cluster()));
        String cache = arns.names().cacheCluster();
        List<Map<String, Object>> statements = new java.util.ArrayList<>(List.of(
                statement("LogInToEcr", "Allow", List.of("ecr:GetAuthorizationToken"), List.of("*"), null, null),
                statement("PushAndReadImages", "Allow", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                        "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer",
                        "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"),
                        List.of(arns.repository()), null, null),
                statement("TaskDefinitions", "Allow", List.of("ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
                        "ecs:RegisterTaskDefinition"), List.of("*"), null, null),
                statement("TagNewTaskDefinitions", "Allow", List.of("ecs:TagResource"),
                        List.of(arns.taskDefinitions(AppService.WEB), arns.taskDefinitions(AppService.WORKER)), null,
                        Map.of("StringEquals", Map.of("ecs:CreateAction", "RegisterTaskDefinition"))),
                statement("ShowCluster", "Allow", List.of("ecs:DescribeClusters"), List.of(arns.cluster()), null, null),
                statement("UpdateServices", "Allow", List.of("ecs:DescribeServices", "ecs:UpdateService"),
                        List.of(arns.service(AppService.WEB), arns.service(AppService.WORKER)), null, null),
                statement("RunMigrations", "Allow", List.of("ecs:RunTask"),
                        List.of(arns.taskDefinitions(AppService.WEB), arns.taskDefinitions(AppService.WORKER)), null, onThisCluster),
                statement("WatchTasks", "Allow", List.of("ecs:DescribeTasks", "ecs:StopTask"), List.of(arns.tasks()),
                        null, null),
                statement("ListTasks", "Allow", List.of("ecs:ListTasks"), List.of("*"), null, onThisCluster),
                statement("FindPublicIp", "Allow", List.of("ec2:DescribeNetworkInterfaces"), List.of("*"), null, null),
                // status's cost line: public list prices, an action without resource types
                statement("ReadListPrices", "Allow", List.of("pricing:GetProducts"), List.of("*"), null, null),
                statement("ReadLogs", "Allow", List.of("logs:FilterLogEvents", "logs:GetLogEvents"),
                        List.of(arns.logGroup(AppService.WEB), arns.logStreams(AppService.WEB), arns.logGroup(AppService.WORKER),
                                arns.logStreams(AppService.WORKER)), null, null),
                statement("ShowDataStores", "Allow", List.of("rds:DescribeDBInstances", "elasticache:DescribeCacheClusters",
                        "elasticache:DescribeReplicationGroups"), List.of(arns.database(), arns.cacheCluster(cache),
                        arns.cacheCluster(cache + "-*"), arns.replicationGroup()), null, null),
                // wake: sleep's schedule deleted, the database started, the services' sleep tags removed
                // (aws:TagKeys on ecs:UntagResource: Service Authorization Reference, Amazon ECS)
                statement("DeleteSleepSchedule", "Allow", List.of("scheduler:GetSchedule", "scheduler:DeleteSchedule"),
                        List.of(arns.sleepSchedule()), null, null),
                statement("StartDatabase", "Allow", List.of("rds:StartDBInstance"), List.of(arns.database()), null, null),
                statement("RemoveSleepTags", "Allow", List.of("ecs:UntagResource"),
                        List.of(arns.service(AppService.WEB), arns.service(AppService.WORKER)), null,
                        Map.of("ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(SleepTags.SINCE, SleepTags.AWAKE_COUNT)))),
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
