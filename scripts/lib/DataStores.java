//DEPS software.amazon.awssdk:rds
//DEPS software.amazon.awssdk:elasticache

import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/** The database and the Redis cache: status and endpoint, or "missing". */
final class DataStores {
    /** A data store as status shows it; status "missing" when it does not exist. */
    record State(String kind, String id, String status, String endpoint, String detail) {
        static State missing(String kind, String id) {
            return new State(kind, id, "missing", null, null);
        }
    }

    private final LabsOptions labs;

    DataStores(LabsOptions labs) {
        this.labs = labs;
    }

    State database(String id) {
        RdsClient rds = labs.aws().client(RdsClient.class, RdsClient::builder);
        try {
            DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
            String endpoint = db.endpoint() == null ? null : db.endpoint().address() + ":" + db.endpoint().port();
            return new State("RDS instance", id, db.dbInstanceStatus(), endpoint,
                    db.engine() + " " + db.engineVersion() + ", " + db.dbInstanceClass());
        } catch (DbInstanceNotFoundException e) {
            return State.missing("RDS instance", id);
        }
    }

    /**
     * The hand-built stack's Redis may be a plain cache cluster or a single-node replication group
     * (whose member cluster is ID-001): look for the cluster first, then the group.
     */
    State redis(String id) {
        ElastiCacheClient cache = labs.aws().client(ElastiCacheClient.class, ElastiCacheClient::builder);
        try {
            CacheCluster cluster = cache.describeCacheClusters(r -> r.cacheClusterId(id).showCacheNodeInfo(true))
                    .cacheClusters().get(0);
            String endpoint = cluster.cacheNodes().stream().findFirst().map(n -> address(n.endpoint())).orElse(null);
            return new State("cache cluster", id, cluster.cacheClusterStatus(), endpoint,
                    cluster.engine() + " " + cluster.engineVersion() + ", " + cluster.cacheNodeType());
        } catch (CacheClusterNotFoundException e) {
            return replicationGroup(cache, id);
        }
    }

    private static State replicationGroup(ElastiCacheClient cache, String id) {
        try {
            ReplicationGroup group = cache.describeReplicationGroups(r -> r.replicationGroupId(id))
                    .replicationGroups().get(0);
            String endpoint = group.nodeGroups().stream().findFirst().map(n -> address(n.primaryEndpoint())).orElse(null);
            return new State("replication group", id, group.status(), endpoint, group.cacheNodeType());
        } catch (ReplicationGroupNotFoundException e) {
            return State.missing("Redis", id);
        }
    }

    private static String address(Endpoint endpoint) {
        return endpoint == null ? null : endpoint.address() + ":" + endpoint.port();
    }

    static String describe(State state) {
        if ("missing".equals(state.status())) return state.id() + "  NOT FOUND: run provision";
        return state.id() + "  " + state.status() + "  " + (state.endpoint() == null ? "(no endpoint yet)" : state.endpoint())
                + "  (" + state.kind() + (state.detail() == null ? "" : ", " + state.detail()) + ")";
    }
}
