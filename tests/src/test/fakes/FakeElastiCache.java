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
 * ShowCacheNodeInfo.
 */
class FakeElastiCache implements ElastiCacheClient {
    final Map<String, CacheCluster> clusters = new LinkedHashMap<>();
    final Map<String, ReplicationGroup> groups = new LinkedHashMap<>();

    FakeElastiCache cacheCluster(String id, String status) {
        clusters.put(id, CacheCluster.builder().cacheClusterId(id).cacheClusterStatus(status).engine("redis")
                .engineVersion("7.1.0").cacheNodeType("cache.t3.micro").numCacheNodes(1)
                .cacheNodes(CacheNode.builder().cacheNodeId("0001")
                        .endpoint(Endpoint.builder().address(id + ".xyz.0001.euw1.cache.amazonaws.com").port(6379).build()).build())
                .build());
        return this;
    }

    FakeElastiCache replicationGroup(String id, String status) {
        cacheCluster(id + "-001", status);
        clusters.put(id + "-001", clusters.get(id + "-001").toBuilder().replicationGroupId(id).build());
        groups.put(id, ReplicationGroup.builder().replicationGroupId(id).status(status).memberClusters(id + "-001")
                .cacheNodeType("cache.t3.micro")
                .nodeGroups(NodeGroup.builder().nodeGroupId("0001").status(status)
                        .primaryEndpoint(Endpoint.builder().address("master." + id + ".xyz.euw1.cache.amazonaws.com").port(6379).build())
                        .build())
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

    // ---- What provision and teardown do (ElastiCache API reference: CreateCacheCluster, DeleteCacheCluster,
    // DeleteReplicationGroup, CreateCacheSubnetGroup). A new cluster is "creating" without node endpoints,
    // then "available"; a deleted one is "deleting", then gone; a subnet group in use cannot be deleted
    // (CacheSubnetGroupInUse).

    Faults faults = new Faults();
    final Map<String, CacheSubnetGroup> subnetGroups = new LinkedHashMap<>();
    final Map<String, CreateCacheClusterRequest> created = new LinkedHashMap<>();
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
            if ("creating".equals(cluster.cacheClusterStatus())) {
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
            CacheSubnetGroup group = CacheSubnetGroup.builder().cacheSubnetGroupName(request.cacheSubnetGroupName())
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

    @Override
    public CreateCacheClusterResponse createCacheCluster(CreateCacheClusterRequest request) {
        return faults.call("elasticache:CreateCacheCluster", () -> {
            if (clusters.containsKey(request.cacheClusterId())) {
                throw CacheClusterAlreadyExistsException.builder().statusCode(400).message("Cache cluster already exists").build();
            }
            if (!subnetGroups.containsKey(request.cacheSubnetGroupName())) {
                throw CacheSubnetGroupNotFoundException.builder().statusCode(404).message("Cache subnet group not found.").build();
            }
            CacheCluster cluster = CacheCluster.builder().cacheClusterId(request.cacheClusterId()).cacheClusterStatus("creating")
                    .engine(request.engine()).engineVersion(request.engineVersion() + ".0").cacheNodeType(request.cacheNodeType())
                    .numCacheNodes(request.numCacheNodes()).cacheSubnetGroupName(request.cacheSubnetGroupName()).build();
            clusters.put(request.cacheClusterId(), cluster);
            created.put(request.cacheClusterId(), request);
            pollsLeft.put(request.cacheClusterId(), pollsPerState);
            return CreateCacheClusterResponse.builder().cacheCluster(cluster).build();
        });
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
