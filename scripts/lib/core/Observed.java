import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What exists of one stack, as provision and teardown see it before acting. A null component is
 * missing. "managed" means the resource carries this prefix's labs tag: labs created it and may
 * bring it in line; an untagged resource was built by hand and is adopted as it is. redisFromSecret:
 * the services whose newest task definition reads REDIS_URL from the stack's Redis URL secret.
 */
record Observed(String account, Vpc vpc, List<Subnet> subnets, Gateway gateway, RouteTable routeTable,
        SecurityGroup securityGroup, SubnetGroup dbSubnetGroup, SubnetGroup cacheSubnetGroup, Database database,
        Cache cache, Repository repository, Map<AppService, LogGroup> logGroups, Secret djangoSecretKey,
        Secret databaseUrl, Secret redisUrl, Role executionRole, Role taskRole, String oidcProviderArn, Role deployRole,
        boolean clusterActive, Map<AppService, String> taskDefinitions, Set<AppService> deregisteredTaskDefinitions,
        Set<AppService> redisFromSecret, Map<AppService, EcsService> services, List<String> clusterCapacityProviders) {

    record Vpc(String id, String cidr, boolean dnsSupport, boolean dnsHostnames, boolean managed) {
    }

    /** number is 1 or 2, from the Name tag. */
    record Subnet(int number, String id, String cidr, String zone, boolean publicIpOnLaunch, boolean managed) {
    }

    record Gateway(String id, String attachedVpcId, boolean managed) {
    }

    record RouteTable(String id, String defaultRouteGatewayId, Set<String> associatedSubnetIds, boolean managed) {
    }

    /** One ingress permission: a port range and one source (a CIDR or a security group id). */
    record Ingress(int fromPort, int toPort, String source) {
        boolean covers(int port) {
            return fromPort <= port && port <= toPort;
        }

        boolean fromInternet() {
            return "0.0.0.0/0".equals(source) || "::/0".equals(source);
        }
    }

    record SecurityGroup(String id, List<Ingress> ingress, boolean managed) {
    }

    record SubnetGroup(String name, Set<String> subnetIds, boolean deleting) {
    }

    record Database(String id, String status, String engine, String engineVersion, String instanceClass,
            int allocatedStorage, String storageType, boolean multiAz, boolean publiclyAccessible, boolean storageEncrypted,
            int backupRetentionDays, String host, int port, String masterUsername, String databaseName) {
    }

    /**
     * transitEncryption and authToken: whether clients must use TLS and the AUTH token, which
     * ElastiCache offers for Redis OSS only on replication groups (a plain cache cluster has neither).
     */
    record Cache(String id, boolean replicationGroup, String status, String engine, String engineVersion, String nodeType,
            int nodes, String host, int port, boolean transitEncryption, boolean authToken) {
        boolean tlsAndAuth() {
            return transitEncryption && authToken;
        }
    }

    record Repository(String name, String uri, boolean scanOnPush, String lifecyclePolicy, String newestImageTag,
            boolean managed) {
    }

    record LogGroup(String name, Integer retentionDays, boolean managed) {
    }

    /**
     * host: the host in a DATABASE_URL or REDIS_URL secret (null for other secrets, and while the secret is
     * scheduled for deletion: its value cannot be read then); never the value itself.
     * masterPasswordResetPending: provision stored a new password here and had not yet seen RDS take it.
     */
    record Secret(String name, String arn, boolean managed, String host, boolean scheduledForDeletion,
            boolean masterPasswordResetPending) {
    }

    /** prefixTag: the labs:prefix tag, null on a role built by hand. */
    record Role(String name, String arn, String trustPolicy, Set<String> attachedPolicyArns,
            Map<String, String> inlinePolicies, String prefixTag) {
    }

    /** launchType is null when the service runs on a capacity provider strategy: strategyProviders names them. */
    record EcsService(String name, String status, int desiredCount, int minimumHealthyPercent, int maximumPercent,
            boolean circuitBreaker, boolean rollback, String launchType, List<String> strategyProviders, boolean publicIp) {
        /** On-demand, Spot, or null for anything else (a mix of providers, EC2, the cluster's default strategy). */
        Capacity capacity() {
            return Capacity.of(launchType, strategyProviders);
        }
    }

    Subnet subnet(int number) {
        return subnets.stream().filter(s -> s.number() == number).findFirst().orElse(null);
    }
}
