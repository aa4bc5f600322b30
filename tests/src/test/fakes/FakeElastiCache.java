import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticache.model.*;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheNode;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;

/**
 * In-memory ElastiCache. Per the API reference, DescribeCacheClusters and DescribeReplicationGroups
 * throw CacheClusterNotFound / ReplicationGroupNotFoundFault for an unknown id; a replication
 * group's member clusters are named GROUP-001 and so on; node endpoints appear only with
 * ShowCacheNodeInfo. A cache cluster made with CreateCacheCluster has neither transit encryption
 * nor AUTH (Redis OSS offers them only on replication groups).
 */
class FakeElastiCache implements ElastiCacheClient {
    final Map<String, CacheCluster> clusters = new LinkedHashMap<>();
    final Map<String, ReplicationGroup> groups = new LinkedHashMap<>();

    /**
     * Tags by ARN (arn:aws:elasticache:REGION:ACCOUNT:cluster:ID, :replicationgroup:ID,
     * :subnetgroup:NAME), as CreateCacheCluster, CreateReplicationGroup and CreateCacheSubnetGroup
     * set them and ListTagsForResource reads them (ElastiCache API reference).
     */
    final Map<String, List<software.amazon.awssdk.services.elasticache.model.Tag>> tags = new LinkedHashMap<>();

    static String arn(String type, String id) {
        return "arn:aws:elasticache:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":" + type + ":" + id;
    }

    @Override
    public software.amazon.awssdk.services.elasticache.model.ListTagsForResourceResponse listTagsForResource(
            software.amazon.awssdk.services.elasticache.model.ListTagsForResourceRequest request) {
        return software.amazon.awssdk.services.elasticache.model.ListTagsForResourceResponse.builder()
                .tagList(tags.getOrDefault(request.resourceName(), List.of())).build();
    }

    FakeElastiCache cacheCluster(String id, String status) {
        clusters.put(id, CacheCluster.builder().cacheClusterId(id).arn(arn("cluster", id)).cacheClusterStatus(status).engine("redis")
                .engineVersion("7.1.0").cacheNodeType("cache.t3.micro").numCacheNodes(1)
                .cacheNodes(CacheNode.builder().cacheNodeId("0001")
                        .endpoint(Endpoint.builder().address(id + ".xyz.0001.euw1.cache.amazonaws.com").port(6379).build()).build())
                .build());
        return this;
    }

    /** A one-node replication group without TLS or AUTH, as one built by hand may be. */
    FakeElastiCache replicationGroup(String id, String status) {
        return replicationGroup(id, status, false, false);
    }

    /** A one-node replication group; the primary endpoint is there once it is available (DescribeReplicationGroups). */
    FakeElastiCache replicationGroup(String id, String status, boolean transitEncryption, boolean authToken) {
        cacheCluster(id + "-001", status);
        clusters.put(id + "-001", clusters.get(id + "-001").toBuilder().replicationGroupId(id)
                .transitEncryptionEnabled(transitEncryption).authTokenEnabled(authToken).build());
        NodeGroup.Builder nodeGroup = NodeGroup.builder().nodeGroupId("0001").status(status);
        if (!"creating".equals(status)) {
            nodeGroup.primaryEndpoint(Endpoint.builder().address("master." + id + ".xyz.euw1.cache.amazonaws.com").port(6379).build());
        }
        groups.put(id, ReplicationGroup.builder().replicationGroupId(id).arn(arn("replicationgroup", id)).status(status).memberClusters(id + "-001")
                .engine("redis").cacheNodeType("cache.t3.micro").transitEncryptionEnabled(transitEncryption).authTokenEnabled(authToken)
                .atRestEncryptionEnabled(transitEncryption).automaticFailover(AutomaticFailoverStatus.DISABLED)
                .nodeGroups(nodeGroup.build())
                .build());
        return this;
    }

    @Override
    public DescribeCacheClustersResponse describeCacheClusters(DescribeCacheClustersRequest request) {
        advanceLifecycles();
        CacheCluster cluster = clusters.get(request.cacheClusterId());
        if (cluster == null) {
            throw CacheClusterNotFoundException.builder().statusCode(404)
                    .message("CacheCluster not found: " + request.cacheClusterId()).build();
        }
        if (!Boolean.TRUE.equals(request.showCacheNodeInfo())) cluster = cluster.toBuilder().cacheNodes(List.of()).build();
        return DescribeCacheClustersResponse.builder().cacheClusters(cluster).build();
    }

    @Override
    public DescribeReplicationGroupsResponse describeReplicationGroups(DescribeReplicationGroupsRequest request) {
        advanceLifecycles();
        ReplicationGroup group = groups.get(request.replicationGroupId());
        if (group == null) {
            throw ReplicationGroupNotFoundException.builder().statusCode(404)
                    .message("ReplicationGroup " + request.replicationGroupId() + " not found.").build();
        }
        return DescribeReplicationGroupsResponse.builder().replicationGroups(group).build();
    }

    // ---- What provision and teardown do (ElastiCache API reference: CreateReplicationGroup, DeleteCacheCluster,
    // DeleteReplicationGroup, CreateCacheSubnetGroup). A new group is "creating" without endpoints,
    // then "available"; a deleted one is "deleting", then gone; a subnet group in use cannot be deleted
    // (CacheSubnetGroupInUse).

    Faults faults = new Faults();
    final Map<String, CacheSubnetGroup> subnetGroups = new LinkedHashMap<>();
    final Map<String, CreateReplicationGroupRequest> created = new LinkedHashMap<>();
    final Map<String, Integer> pollsLeft = new HashMap<>();
    int pollsPerState = 3;

    /** Only clusters this fake created or deleted move on by themselves; others stay as a test set them. */
    private void advanceLifecycles() {
        for (String id : List.copyOf(pollsLeft.keySet())) {
            if (!clusters.containsKey(id)) continue;
            int left = pollsLeft.getOrDefault(id, 0);
            if (left > 0) {
                pollsLeft.put(id, left - 1);
                continue;
            }
            CacheCluster cluster = clusters.get(id);
            if ("creating".equals(cluster.cacheClusterStatus()) && cluster.replicationGroupId() != null) {
                ReplicationGroup group = groups.get(cluster.replicationGroupId());
                replicationGroup(group.replicationGroupId(), "available", group.transitEncryptionEnabled(), group.authTokenEnabled());
                clusters.put(id, clusters.get(id).toBuilder().cacheSubnetGroupName(cluster.cacheSubnetGroupName())
                        .engineVersion(cluster.engineVersion()).cacheNodeType(cluster.cacheNodeType()).build());
                groups.put(group.replicationGroupId(), groups.get(group.replicationGroupId()).toBuilder()
                        .cacheNodeType(group.cacheNodeType()).build());
            } else if ("creating".equals(cluster.cacheClusterStatus())) {
                String subnetGroup = cluster.cacheSubnetGroupName();
                cacheCluster(id, "available");
                clusters.put(id, clusters.get(id).toBuilder().cacheSubnetGroupName(subnetGroup)
                        .engineVersion(cluster.engineVersion()).cacheNodeType(cluster.cacheNodeType()).build());
            } else if ("deleting".equals(cluster.cacheClusterStatus())) {
                clusters.remove(id);
                if (cluster.replicationGroupId() != null) groups.remove(cluster.replicationGroupId());
            }
        }
    }

    @Override
    public CreateCacheSubnetGroupResponse createCacheSubnetGroup(CreateCacheSubnetGroupRequest request) {
        return faults.call("elasticache:CreateCacheSubnetGroup", () -> {
            if (subnetGroups.containsKey(request.cacheSubnetGroupName())) {
                throw CacheSubnetGroupAlreadyExistsException.builder().statusCode(400).message("Cache subnet group already exists.").build();
            }
            tags.put(arn("subnetgroup", request.cacheSubnetGroupName()), request.tags());
            CacheSubnetGroup group = CacheSubnetGroup.builder().cacheSubnetGroupName(request.cacheSubnetGroupName())
                    .arn(arn("subnetgroup", request.cacheSubnetGroupName()))
                    .subnets(request.subnetIds().stream().map(id -> Subnet.builder().subnetIdentifier(id).build()).toList()).build();
            subnetGroups.put(request.cacheSubnetGroupName(), group);
            return CreateCacheSubnetGroupResponse.builder().cacheSubnetGroup(group).build();
        });
    }

    @Override
    public DescribeCacheSubnetGroupsResponse describeCacheSubnetGroups(DescribeCacheSubnetGroupsRequest request) {
        CacheSubnetGroup group = subnetGroups.get(request.cacheSubnetGroupName());
        if (group == null) {
            throw CacheSubnetGroupNotFoundException.builder().statusCode(404)
                    .message("Cache subnet group " + request.cacheSubnetGroupName() + " not found.").build();
        }
        return DescribeCacheSubnetGroupsResponse.builder().cacheSubnetGroups(group).build();
    }

    @Override
    public DeleteCacheSubnetGroupResponse deleteCacheSubnetGroup(DeleteCacheSubnetGroupRequest request) {
        return faults.call("elasticache:DeleteCacheSubnetGroup", () -> {
            if (!subnetGroups.containsKey(request.cacheSubnetGroupName())) {
                throw CacheSubnetGroupNotFoundException.builder().statusCode(404).message("Cache subnet group not found.").build();
            }
            if (clusters.values().stream().anyMatch(c -> request.cacheSubnetGroupName().equals(c.cacheSubnetGroupName()))) {
                throw CacheSubnetGroupInUseException.builder().statusCode(400)
                        .message("Cache subnet group " + request.cacheSubnetGroupName() + " is currently in use by a cache cluster.").build();
            }
            subnetGroups.remove(request.cacheSubnetGroupName());
            return DeleteCacheSubnetGroupResponse.builder().build();
        });
    }

    /** The AUTH token each replication group was created with, for tests (AWS never returns it). */
    final Map<String, String> authTokens = new LinkedHashMap<>();

    /**
     * CreateReplicationGroup, cluster mode disabled, as the API reference describes it
     * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html):
     * ReplicationGroupAlreadyExists for a taken id; InvalidParameterValue for an AuthToken without
     * TransitEncryptionEnabled, or one that is not 16 to 128 printable ASCII characters with no special
     * characters but !, &, #, $, ^, <, > and -; the group is "creating" without a primary endpoint,
     * then "available" with one.
     */
    @Override
    public CreateReplicationGroupResponse createReplicationGroup(CreateReplicationGroupRequest request) {
        return faults.call("elasticache:CreateReplicationGroup", () -> {
            String id = request.replicationGroupId();
            if (groups.containsKey(id)) {
                throw ReplicationGroupAlreadyExistsException.builder().statusCode(400)
                        .message("Replication group " + id + " already exists.").build();
            }
            if (request.replicationGroupDescription() == null) {
                throw InvalidParameterValueException.builder().statusCode(400).message("ReplicationGroupDescription is required").build();
            }
            if (request.authToken() != null && !Boolean.TRUE.equals(request.transitEncryptionEnabled())) {
                throw InvalidParameterValueException.builder().statusCode(400)
                        .message("The AUTH token is only supported when encryption in transit is enabled").build();
            }
            if (request.authToken() != null && !validAuthToken(request.authToken())) {
                throw InvalidParameterValueException.builder().statusCode(400)
                        .message("Invalid AUTH token: 16 to 128 printable characters; of the special ones only !, &, #, $, ^, <, > and -").build();
            }
            if (!subnetGroups.containsKey(request.cacheSubnetGroupName())) {
                throw CacheSubnetGroupNotFoundException.builder().statusCode(404).message("Cache subnet group not found.").build();
            }
            tags.put(arn("replicationgroup", id), request.tags());
            boolean tls = Boolean.TRUE.equals(request.transitEncryptionEnabled());
            replicationGroup(id, "creating", tls, request.authToken() != null);
            String member = id + "-001";
            clusters.put(member, clusters.get(member).toBuilder().engine(request.engine()).engineVersion(request.engineVersion() + ".0")
                    .cacheNodeType(request.cacheNodeType()).cacheSubnetGroupName(request.cacheSubnetGroupName()).cacheNodes(List.of()).build());
            groups.put(id, groups.get(id).toBuilder().cacheNodeType(request.cacheNodeType())
                    .atRestEncryptionEnabled(Boolean.TRUE.equals(request.atRestEncryptionEnabled())).build());
            if (request.authToken() != null) authTokens.put(id, request.authToken());
            created.put(id, request);
            // finding a group takes three describes (no such cluster, the group, its member): as many polls per state as a cluster
            pollsLeft.put(member, 3 * pollsPerState);
            return CreateReplicationGroupResponse.builder().replicationGroup(groups.get(id)).build();
        });
    }

    static boolean validAuthToken(String token) {
        if (token.length() < 16 || token.length() > 128) return false;
        return token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "!&#$^<>-".indexOf(c) >= 0);
    }

    @Override
    public DeleteCacheClusterResponse deleteCacheCluster(DeleteCacheClusterRequest request) {
        return faults.call("elasticache:DeleteCacheCluster", () -> {
            CacheCluster cluster = clusters.get(request.cacheClusterId());
            if (cluster == null) throw CacheClusterNotFoundException.builder().statusCode(404).message("CacheCluster not found").build();
            if (!"available".equals(cluster.cacheClusterStatus())) {
                throw InvalidCacheClusterStateException.builder().statusCode(400)
                        .message("Cache cluster " + cluster.cacheClusterId() + " is not in available state.").build();
            }
            clusters.put(cluster.cacheClusterId(), cluster.toBuilder().cacheClusterStatus("deleting").build());
            pollsLeft.put(cluster.cacheClusterId(), pollsPerState);
            return DeleteCacheClusterResponse.builder().cacheCluster(cluster).build();
        });
    }

    @Override
    public DeleteReplicationGroupResponse deleteReplicationGroup(DeleteReplicationGroupRequest request) {
        return faults.call("elasticache:DeleteReplicationGroup", () -> {
            ReplicationGroup group = groups.get(request.replicationGroupId());
            if (group == null) throw ReplicationGroupNotFoundException.builder().statusCode(404).message("ReplicationGroup not found").build();
            if (!"available".equals(group.status()) && !"create-failed".equals(group.status())) {
                throw InvalidReplicationGroupStateException.builder().statusCode(400)
                        .message("Replication group " + group.replicationGroupId() + " is not in available state.").build();
            }
            groups.put(group.replicationGroupId(), group.toBuilder().status("deleting").build());
            for (String member : group.memberClusters()) {
                clusters.put(member, clusters.get(member).toBuilder().cacheClusterStatus("deleting").build());
                pollsLeft.put(member, pollsPerState);
            }
            return DeleteReplicationGroupResponse.builder().replicationGroup(group).build();
        });
    }

    @Override
    public String serviceName() {
        return "elasticache";
    }

    @Override
    public void close() {
    }
}
