import java.util.HashSet;
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
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.OrderableDBInstanceOption;

/**
 * The database and the Redis cache: what status shows of them, and everything provision and
 * teardown do with them.
 */
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

    State database() {
        Observed.Database db = findDatabase();
        if (db == null) return State.missing("RDS instance", labs.names().dbInstance());
        return new State("RDS instance", db.id(), db.status(), endpoint(db.host(), db.port()),
                db.engine() + " " + db.engineVersion() + ", " + db.instanceClass());
    }

    /** Redis as status shows it, whether a cache cluster or a replication group (see findCache). */
    State redis() {
        Observed.Cache cache = findCache();
        if (cache == null) return State.missing("Redis", labs.names().cacheCluster());
        String endpoint = endpoint(cache.host(), cache.port());
        if (cache.replicationGroup()) return new State("replication group", cache.id(), cache.status(), endpoint, cache.nodeType());
        return new State("cache cluster", cache.id(), cache.status(), endpoint,
                cache.engine() + " " + cache.engineVersion() + ", " + cache.nodeType());
    }

    private static String endpoint(String host, int port) {
        return host == null ? null : host + ":" + port;
    }

    static String describe(State state) {
        if ("missing".equals(state.status())) return state.id() + "  NOT FOUND: run provision";
        return state.id() + "  " + state.status() + "  " + (state.endpoint() == null ? "(no endpoint yet)" : state.endpoint())
                + "  (" + state.kind() + (state.detail() == null ? "" : ", " + state.detail()) + ")";
    }

    // ---- For provision and teardown: the full look-ups, creation, waits and deletion, one AWS action a method.

    private RdsClient rds() {
        return labs.aws().client(RdsClient.class, RdsClient::builder);
    }

    private ElastiCacheClient elastiCache() {
        return labs.aws().client(ElastiCacheClient.class, ElastiCacheClient::builder);
    }

    Observed.Database findDatabase() {
        DBInstance db;
        try {
            db = rds().describeDBInstances(r -> r.dbInstanceIdentifier(labs.names().dbInstance())).dbInstances().get(0);
        } catch (DbInstanceNotFoundException e) {
            return null;
        }
        return new Observed.Database(db.dbInstanceIdentifier(), db.dbInstanceStatus(), db.engine(), db.engineVersion(),
                db.dbInstanceClass(), orZero(db.allocatedStorage()), db.storageType(), Boolean.TRUE.equals(db.multiAZ()),
                Boolean.TRUE.equals(db.publiclyAccessible()), Boolean.TRUE.equals(db.storageEncrypted()),
                orZero(db.backupRetentionPeriod()), db.endpoint() == null ? null : db.endpoint().address(),
                db.endpoint() == null ? 0 : orZero(db.endpoint().port()), db.masterUsername(), db.dbName());
    }

    Observed.SubnetGroup findDbSubnetGroup() {
        try {
            var group = rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(labs.names().dbSubnetGroup())).dbSubnetGroups().get(0);
            return new Observed.SubnetGroup(group.dbSubnetGroupName(),
                    group.subnets().stream().map(s -> s.subnetIdentifier()).collect(Collectors.toSet()), false);
        } catch (DbSubnetGroupNotFoundException e) {
            return null;
        }
    }

    /** Zones where the RDS class is orderable for PostgreSQL (DescribeOrderableDBInstanceOptions). */
    Set<String> zonesOffering(String instanceClass) {
        Set<String> zones = new HashSet<>();
        for (OrderableDBInstanceOption option : rds().describeOrderableDBInstanceOptionsPaginator(r -> r.engine("postgres")
                .dbInstanceClass(instanceClass)).orderableDBInstanceOptions()) {
            option.availabilityZones().forEach(zone -> zones.add(zone.name()));
        }
        return zones;
    }

    void createDbSubnetGroup(List<String> subnetIds) {
        rds().createDBSubnetGroup(r -> r.dbSubnetGroupName(labs.names().dbSubnetGroup()).subnetIds(subnetIds)
                .dbSubnetGroupDescription("labs " + labs.names().prefix() + " database subnets").tags(rdsTags()));
        labs.console().detail("  created DB subnet group " + labs.names().dbSubnetGroup());
    }

    void createDatabase(StackSpec spec, String securityGroupId, String password) {
        rds().createDBInstance(r -> r.dbInstanceIdentifier(labs.names().dbInstance())
                .engine("postgres").engineVersion(StackSpec.POSTGRES_MAJOR_VERSION)
                .dbInstanceClass(spec.dbInstanceClass())
                .allocatedStorage(StackSpec.DB_STORAGE_GB).storageType(StackSpec.DB_STORAGE_TYPE)
                .multiAZ(false).publiclyAccessible(false).storageEncrypted(true)
                .backupRetentionPeriod(spec.backupRetentionDays())
                .dbSubnetGroupName(labs.names().dbSubnetGroup()).vpcSecurityGroupIds(securityGroupId)
                .masterUsername(labs.names().databaseUser()).masterUserPassword(password).dbName(labs.names().databaseName())
                .copyTagsToSnapshot(true).tags(rdsTags()));
        labs.console().detail("  creating RDS instance " + labs.names().dbInstance() + " (takes 5-10 minutes)");
    }

    /** RDS applies a new master password within minutes (ModifyDBInstance, ApplyImmediately). */
    void resetMasterPassword(String password) {
        rds().modifyDBInstance(r -> r.dbInstanceIdentifier(labs.names().dbInstance()).masterUserPassword(password).applyImmediately(true));
        labs.console().detail("  reset the master password of " + labs.names().dbInstance());
    }

    Waits.State databaseState() {
        Observed.Database db = findDatabase();
        if (db == null) return Waits.State.failed("gone", "the instance disappeared; run provision again");
        return switch (db.status()) {
            case "available" -> Waits.State.done("available");
            case "failed", "incompatible-parameters", "incompatible-network", "storage-full", "inaccessible-encryption-credentials" ->
                    Waits.State.failed(db.status(), "see the RDS console's events for " + db.id());
            case "stopped", "stopping" -> Waits.State.failed(db.status(), "start it with `aws rds start-db-instance "
                    + "--db-instance-identifier " + db.id() + "` and run provision again");
            default -> Waits.State.waiting(db.status());
        };
    }

    static final java.util.Set<String> DATABASE_STOPPED = java.util.Set.of("stopped", "stopping");

    /** Statuses in which RDS accepts DeleteDBInstance, the failed ones only without a final snapshot (RDS API reference). */
    static final java.util.Set<String> DATABASE_FAILED = java.util.Set.of("failed", "incompatible-restore", "incompatible-network");

    /** Done once the instance can be deleted: available, stopped or failed, not half-way through a change. */
    Waits.State databaseSettled() {
        Observed.Database db = findDatabase();
        if (db == null) return Waits.State.done("gone");
        boolean settled = java.util.Set.of("available", "stopped", "storage-full", "deleting").contains(db.status())
                || DATABASE_FAILED.contains(db.status());
        return settled ? Waits.State.done(db.status()) : Waits.State.waiting(db.status());
    }

    /** DeleteCacheCluster needs an available cluster (InvalidCacheClusterState otherwise). */
    Waits.State cacheSettled() {
        Observed.Cache cache = findCache();
        if (cache == null) return Waits.State.done("gone");
        boolean settled = java.util.Set.of("available", "create-failed", "deleting").contains(cache.status());
        return settled ? Waits.State.done(cache.status()) : Waits.State.waiting(cache.status());
    }

    Waits.State databaseGone() {
        Observed.Database db = findDatabase();
        return db == null ? Waits.State.done("deleted") : Waits.State.waiting(db.status());
    }

    /** Deletes the instance; a final snapshot unless snapshotId is null. */
    void deleteDatabase(String snapshotId) {
        if (snapshotId == null) {
            rds().deleteDBInstance(r -> r.dbInstanceIdentifier(labs.names().dbInstance()).skipFinalSnapshot(true)
                    .deleteAutomatedBackups(true));
        } else {
            rds().deleteDBInstance(r -> r.dbInstanceIdentifier(labs.names().dbInstance()).skipFinalSnapshot(false)
                    .finalDBSnapshotIdentifier(snapshotId));
            labs.console().info("  final snapshot of " + labs.names().dbInstance() + ": " + snapshotId);
        }
    }

    void deleteDbSubnetGroup() {
        rds().deleteDBSubnetGroup(r -> r.dbSubnetGroupName(labs.names().dbSubnetGroup()));
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
                    node == null ? null : node.address(), node == null ? 0 : orZero(node.port()));
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
                primary == null ? 0 : orZero(primary.port()));
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
                .cacheSubnetGroupDescription("labs " + labs.names().prefix() + " cache subnets").tags(cacheTags()));
        labs.console().detail("  created cache subnet group " + labs.names().cacheSubnetGroup());
    }

    void createCache(StackSpec spec, String securityGroupId) {
        elastiCache().createCacheCluster(r -> r.cacheClusterId(labs.names().cacheCluster()).engine("redis")
                .engineVersion(StackSpec.REDIS_VERSION).cacheNodeType(spec.cacheNodeType()).numCacheNodes(1)
                .cacheSubnetGroupName(labs.names().cacheSubnetGroup()).securityGroupIds(securityGroupId).tags(cacheTags()));
        labs.console().detail("  creating ElastiCache Redis " + labs.names().cacheCluster() + " (takes 5-10 minutes)");
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

    private List<software.amazon.awssdk.services.rds.model.Tag> rdsTags() {
        return labs.names().tags().entrySet().stream()
                .map(t -> software.amazon.awssdk.services.rds.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    private List<software.amazon.awssdk.services.elasticache.model.Tag> cacheTags() {
        return labs.names().tags().entrySet().stream()
                .map(t -> software.amazon.awssdk.services.elasticache.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
