import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        ReplicationGroup group = groups.get(request.replicationGroupId());
        if (group == null) {
            throw ReplicationGroupNotFoundException.builder().statusCode(404)
                    .message("ReplicationGroup " + request.replicationGroupId() + " not found.").build();
        }
        return DescribeReplicationGroupsResponse.builder().replicationGroups(group).build();
    }

    @Override
    public String serviceName() {
        return "elasticache";
    }

    @Override
    public void close() {
    }
}
