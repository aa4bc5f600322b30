import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.model.TransitEncryptionMode;

/** Every call labs makes to ElastiCache, one AWS action a method: the stack's Redis and its subnet group. */
final class ElastiCache {
    private final LabsOptions labs;

    ElastiCache(LabsOptions labs) {
        this.labs = labs;
    }

    private ElastiCacheClient elastiCache() {
        return labs.aws().client(ElastiCacheClient.class, ElastiCacheClient::builder);
    }

    /**
     * A cache cluster, or a replication group of that name: the hand-built stack's Redis may be a
     * single-node replication group (whose member cluster is ID-001).
     */
    Observed.Cache findCache() {
        try {
            CacheCluster cluster = elastiCache().describeCacheClusters(r -> r.cacheClusterId(labs.names().cacheCluster())
                    .showCacheNodeInfo(true)).cacheClusters().get(0);
            Endpoint node = cluster.cacheNodes().stream().map(n -> n.endpoint()).filter(e -> e != null).findFirst().orElse(null);
            return new Observed.Cache(cluster.cacheClusterId(), false, cluster.cacheClusterStatus(), cluster.engine(),
                    cluster.engineVersion(), cluster.cacheNodeType(), orZero(cluster.numCacheNodes()),
                    node == null ? null : node.address(), node == null ? 0 : orZero(node.port()),
                    Boolean.TRUE.equals(cluster.transitEncryptionEnabled()), Boolean.TRUE.equals(cluster.authTokenEnabled()));
        } catch (CacheClusterNotFoundException e) {
            return findReplicationGroup();
        }
    }

    private Observed.Cache findReplicationGroup() {
        ReplicationGroup group;
        try {
            group = elastiCache().describeReplicationGroups(r -> r.replicationGroupId(labs.names().cacheCluster()))
                    .replicationGroups().get(0);
        } catch (ReplicationGroupNotFoundException e) {
            return null;
        }
        String engineVersion = group.memberClusters().isEmpty() ? null : elastiCache().describeCacheClusters(
                r -> r.cacheClusterId(group.memberClusters().get(0))).cacheClusters().get(0).engineVersion();
        Endpoint primary = group.nodeGroups().stream().map(g -> g.primaryEndpoint()).filter(e -> e != null)
                .findFirst().orElse(null);
        return new Observed.Cache(group.replicationGroupId(), true, group.status(), group.engine(), engineVersion,
                group.cacheNodeType(), group.memberClusters().size(), primary == null ? null : primary.address(),
                primary == null ? 0 : orZero(primary.port()), Boolean.TRUE.equals(group.transitEncryptionEnabled()),
                Boolean.TRUE.equals(group.authTokenEnabled()));
    }

    /**
     * Which of the cache (cluster or replication group) and its subnet group carry this prefix's
     * labs tag (ListTagsForResource), for teardown. Only what exists is listed.
     */
    java.util.Map<String, Boolean> ownership() {
        java.util.Map<String, Boolean> own = new java.util.LinkedHashMap<>();
        String id = labs.names().cacheCluster();
        try {
            own.put(id, isOwn(elastiCache().describeCacheClusters(r -> r.cacheClusterId(id)).cacheClusters().get(0).arn()));
        } catch (CacheClusterNotFoundException e) {
            try {
                own.put(id, isOwn(elastiCache().describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0).arn()));
            } catch (ReplicationGroupNotFoundException gone) {
                // nothing to own
            }
        }
        try {
            var group = elastiCache().describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(labs.names().cacheSubnetGroup()))
                    .cacheSubnetGroups().get(0);
            own.put(group.cacheSubnetGroupName(), isOwn(group.arn()));
        } catch (CacheSubnetGroupNotFoundException e) {
            // nothing to own
        }
        return own;
    }

    private boolean isOwn(String arn) {
        return elastiCache().listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                .anyMatch(t -> labs.names().isOwnTag(t.key(), t.value()));
    }

    Observed.SubnetGroup findCacheSubnetGroup() {
        try {
            var group = elastiCache().describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(labs.names().cacheSubnetGroup()))
                    .cacheSubnetGroups().get(0);
            return new Observed.SubnetGroup(group.cacheSubnetGroupName(),
                    group.subnets().stream().map(s -> s.subnetIdentifier()).collect(Collectors.toSet()), false);
        } catch (CacheSubnetGroupNotFoundException e) {
            return null;
        }
    }

    void createCacheSubnetGroup(List<String> subnetIds) {
        elastiCache().createCacheSubnetGroup(r -> r.cacheSubnetGroupName(labs.names().cacheSubnetGroup()).subnetIds(subnetIds)
                .cacheSubnetGroupDescription("labs " + labs.names().prefix() + " cache subnets").tags(tags()));
        labs.console().detail("  created cache subnet group " + labs.names().cacheSubnetGroup());
    }

    /**
     * A one-node replication group: for Redis OSS, ElastiCache offers in-transit encryption and AUTH
     * only on replication groups, not on CreateCacheCluster; with one node and no automatic failover
     * it is the same single node at the same price. TransitEncryptionMode "required" refuses plain
     * connections; AuthToken needs transit encryption (API reference, CreateReplicationGroup).
     */
    void createCache(StackSpec spec, String securityGroupId, String authToken) {
        labs.console().secret(authToken);
        elastiCache().createReplicationGroup(r -> r.replicationGroupId(labs.names().cacheCluster())
                .replicationGroupDescription("labs " + labs.names().prefix() + " Redis (TLS and AUTH)")
                .engine("redis").engineVersion(StackSpec.REDIS_VERSION).cacheNodeType(spec.cacheNodeType())
                .numCacheClusters(1).automaticFailoverEnabled(false)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED).authToken(authToken)
                .atRestEncryptionEnabled(true)
                .cacheSubnetGroupName(labs.names().cacheSubnetGroup()).securityGroupIds(securityGroupId).tags(tags()));
        labs.console().detail("  creating ElastiCache Redis " + labs.names().cacheCluster()
                + " (one-node replication group, TLS and AUTH; takes 5-10 minutes)");
    }

    Waits.State cacheState() {
        Observed.Cache cache = findCache();
        if (cache == null) return Waits.State.failed("gone", "the cache disappeared; run provision again");
        if ("available".equals(cache.status())) return Waits.State.done("available");
        if ("create-failed".equals(cache.status())) {
            return Waits.State.failed(cache.status(), "see the ElastiCache console's events for " + cache.id());
        }
        return Waits.State.waiting(cache.status());
    }

    /**
     * DeleteCacheCluster needs an available cluster (InvalidCacheClusterState otherwise), and
     * DeleteReplicationGroup an available or failed group (InvalidReplicationGroupState).
     */
    Waits.State cacheSettled() {
        Observed.Cache cache = findCache();
        if (cache == null) return Waits.State.done("gone");
        boolean settled = Set.of("available", "create-failed", "deleting").contains(cache.status());
        return settled ? Waits.State.done(cache.status()) : Waits.State.waiting(cache.status());
    }

    Waits.State cacheGone() {
        Observed.Cache cache = findCache();
        return cache == null ? Waits.State.done("deleted") : Waits.State.waiting(cache.status());
    }

    void deleteCache(Observed.Cache cache) {
        if (cache.replicationGroup()) elastiCache().deleteReplicationGroup(r -> r.replicationGroupId(cache.id()));
        else elastiCache().deleteCacheCluster(r -> r.cacheClusterId(cache.id()));
    }

    void deleteCacheSubnetGroup() {
        elastiCache().deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(labs.names().cacheSubnetGroup()));
    }

    private List<Tag> tags() {
        return labs.names().tags().entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
