import java.util.Map;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The stack as it was clicked together by hand: default names, no labs tags, settings like labs'
 * except that PostgreSQL and Redis are open to the world.
 */
final class HandBuilt {
    private HandBuilt() {
    }

    static void stack(FakeAccount account, String prefix) {
        Map<String, String> network = account.ec2.handBuiltNetwork(prefix);
        account.rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(prefix + "-db-subnet-group").subnetIds(network.get("subnet1"), network.get("subnet2")));
        account.rds.instance(prefix + "-postgres", "available");
        account.rds.instances.computeIfPresent(prefix + "-postgres", (id, db) -> db.toBuilder().storageType("gp3").storageEncrypted(true)
                .backupRetentionPeriod(1).dbName("commcare_connect").build());
        account.elastiCache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(prefix + "-cache-subnet-group")
                .subnetIds(network.get("subnet1"), network.get("subnet2")));
        account.elastiCache.cacheCluster(prefix + "-redis", "available");
        account.ecr.createRepository(r -> r.repositoryName(prefix + "-commcare-connect").imageScanningConfiguration(s -> s.scanOnPush(true)));
        account.ecr.putLifecyclePolicy(r -> r.repositoryName(prefix + "-commcare-connect").lifecyclePolicyText(Policies.lifecyclePolicy()));
        account.ecr.pushImage(prefix + "-commcare-connect", "abc1234");
        for (String service : new String[] {"web", "worker"}) {
            account.logs.createLogGroup(r -> r.logGroupName("/ecs/" + prefix + "-" + service));
            account.logs.putRetentionPolicy(r -> r.logGroupName("/ecs/" + prefix + "-" + service).retentionInDays(14));
        }
        String keyArn = account.secrets.createSecret(r -> r.name(prefix + "-django-secret-key").secretString("hand-made-key")).arn();
        String urlArn = account.secrets.createSecret(r -> r.name(prefix + "-database-url")
                .secretString("postgres://labs:handmadepassword@" + prefix + "-postgres.abc123.eu-west-1.rds.amazonaws.com:5432/commcare_connect")).arn();
        account.iam.createRole(r -> r.roleName(prefix + "-ecs-task-execution-role").assumeRolePolicyDocument(Policies.ecsTasksTrust()));
        account.iam.attachRolePolicy(r -> r.roleName(prefix + "-ecs-task-execution-role").policyArn(Policies.EXECUTION_POLICY_ARN));
        account.iam.putRolePolicy(r -> r.roleName(prefix + "-ecs-task-execution-role").policyName(prefix + "-read-secrets")
                .policyDocument(Policies.readSecrets(keyArn, urlArn)));
        account.iam.createRole(r -> r.roleName(prefix + "-ecs-task-role").assumeRolePolicyDocument(Policies.ecsTasksTrust()));
        account.ecs.cluster(prefix + "-cluster");
        for (String service : new String[] {"web", "worker"}) {
            TaskDefinition definition = account.ecs.registerTaskDefinition(prefix + "-" + service, FakeEcr.uri(prefix + "-commcare-connect") + ":abc1234");
            account.ecs.service(prefix + "-cluster", prefix + "-" + service, definition, 1, 1);
            account.ecs.updateService(prefix + "-cluster", prefix + "-" + service, s -> s.launchType("FARGATE")
                    .deploymentConfiguration(DeploymentConfiguration.builder()
                            .minimumHealthyPercent(service.equals("web") ? 100 : 0).maximumPercent(service.equals("web") ? 200 : 100)
                            .deploymentCircuitBreaker(b -> b.enable(true).rollback(true)).build())
                    .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(a -> a.assignPublicIp(AssignPublicIp.ENABLED)
                            .subnets(network.get("subnet1"), network.get("subnet2")).securityGroups(network.get("sg"))).build()));
        }
        account.faults.calls.clear();
    }
}
