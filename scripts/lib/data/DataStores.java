/** The database and the Redis cache as status shows them; RDS and ElastiCache are read through their wrappers. */
final class DataStores {
    /** A data store as status shows it; status "missing" when it does not exist. */
    record State(String kind, String id, String status, String endpoint, String detail) {
        static State missing(String kind, String id) {
            return new State(kind, id, "missing", null, null);
        }
    }

    private final LabsOptions labs;
    private final Rds rds;
    private final ElastiCache elastiCache;

    DataStores(LabsOptions labs) {
        this.labs = labs;
        this.rds = new Rds(labs);
        this.elastiCache = new ElastiCache(labs);
    }

    Observed.Database findDatabase() {
        return rds.findDatabase();
    }

    Observed.Cache findCache() {
        return elastiCache.findCache();
    }

    State database(Observed.Database db) {
        if (db == null) return State.missing("RDS instance", labs.names().dbInstance());
        return new State("RDS instance", db.id(), db.status(), endpoint(db.host(), db.port()),
                db.engine() + " " + db.engineVersion() + ", " + db.instanceClass());
    }

    /** Redis as status shows it, whether a cache cluster or a replication group (see ElastiCache.findCache). */
    State redis(Observed.Cache cache) {
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
}
