import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;
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
        Map<String, String> network = network(account.ec2, prefix);
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
                .policyDocument(Policies.readSecrets(keyArn, urlArn, prefix + "-app-secrets")));
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

    /** The hand-built network with the default names, without labs tags; 5432 and 6379 open to the world. */
    static Map<String, String> network(FakeEc2 ec2, String prefix) {
        String vpcId = ec2.createVpc(CreateVpcRequest.builder().cidrBlock("10.0.0.0/16")
                .tagSpecifications(t -> t.resourceType(ResourceType.VPC).tags(Tag.builder().key("Name").value(prefix + "-vpc").build())).build())
                .vpc().vpcId();
        ec2.vpcDns.get(vpcId)[1] = true;
        String subnet1 = subnet(ec2, vpcId, prefix + "-public-subnet-1", "10.0.1.0/24", "eu-west-1a");
        String subnet2 = subnet(ec2, vpcId, prefix + "-public-subnet-2", "10.0.2.0/24", "eu-west-1b");
        String gatewayId = ec2.createInternetGateway(CreateInternetGatewayRequest.builder()
                .tagSpecifications(t -> t.resourceType(ResourceType.INTERNET_GATEWAY).tags(Tag.builder().key("Name").value(prefix + "-igw").build()))
                .build()).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(AttachInternetGatewayRequest.builder().internetGatewayId(gatewayId).vpcId(vpcId).build());
        String tableId = ec2.createRouteTable(CreateRouteTableRequest.builder().vpcId(vpcId)
                .tagSpecifications(t -> t.resourceType(ResourceType.ROUTE_TABLE).tags(Tag.builder().key("Name").value(prefix + "-public-rt").build()))
                .build()).routeTable().routeTableId();
        ec2.createRoute(CreateRouteRequest.builder().routeTableId(tableId).destinationCidrBlock("0.0.0.0/0").gatewayId(gatewayId).build());
        ec2.associateRouteTable(AssociateRouteTableRequest.builder().routeTableId(tableId).subnetId(subnet1).build());
        ec2.associateRouteTable(AssociateRouteTableRequest.builder().routeTableId(tableId).subnetId(subnet2).build());
        String groupId = ec2.createSecurityGroup(CreateSecurityGroupRequest.builder().groupName(prefix + "-sg").vpcId(vpcId).description("hand-built")
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(Tag.builder().key("Name").value(prefix + "-sg").build()))
                .build()).groupId();
        ec2.authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest.builder().groupId(groupId).ipPermissions(
                world(8000), world(5432), world(6379)).build());
        return Map.of("vpc", vpcId, "subnet1", subnet1, "subnet2", subnet2, "sg", groupId);
    }

    private static String subnet(FakeEc2 ec2, String vpcId, String name, String cidr, String zone) {
        String subnetId = ec2.createSubnet(CreateSubnetRequest.builder().vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)
                .tagSpecifications(t -> t.resourceType(ResourceType.SUBNET).tags(Tag.builder().key("Name").value(name).build())).build())
                .subnet().subnetId();
        ec2.subnets.put(subnetId, ec2.subnets.get(subnetId).toBuilder().mapPublicIpOnLaunch(true).build());
        return subnetId;
    }

    private static IpPermission world(int port) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(r -> r.cidrIp("0.0.0.0/0")).build();
    }
}
