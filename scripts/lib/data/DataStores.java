/** The database and the Redis cache as status shows them; RDS and ElastiCache are read through their wrappers. */
final class DataStores {
    /** A data store as status shows it; status "missing" when it does not exist; finding: a risk to look at, or null. */
    record State(String kind, String id, String status, String endpoint, String detail, String finding) {
        static State missing(String kind, String id) {
            return new State(kind, id, "missing", null, null, null);
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
                db.engine() + " " + db.engineVersion() + ", " + db.instanceClass(), null);
    }

    /** Redis as status shows it, whether a cache cluster or a replication group (see ElastiCache.findCache). */
    State redis(Observed.Cache cache) {
        if (cache == null) return State.missing("Redis", labs.names().cacheCluster());
        String endpoint = endpoint(cache.host(), cache.port());
        String security = cache.tlsAndAuth() ? ", TLS and AUTH" : "";
        String finding = cache.tlsAndAuth() ? null : withoutTlsOrAuth(labs.names(), cache);
        if (cache.replicationGroup()) {
            return new State("replication group", cache.id(), cache.status(), endpoint, cache.nodeType() + security, finding);
        }
        return new State("cache cluster", cache.id(), cache.status(), endpoint,
                cache.engine() + " " + cache.engineVersion() + ", " + cache.nodeType() + security, finding);
    }

    /**
     * The finding for an adopted Redis without TLS or AUTH (a plain cache cluster: every Redis an
     * earlier labs made). It keeps working with its redis:// URL; the move is the operator's choice,
     * since it loses what Redis holds. provision and status show it.
     */
    static String withoutTlsOrAuth(Names names, Observed.Cache cache) {
        String missing = !cache.transitEncryption() && !cache.authToken() ? "no in-transit encryption and no AUTH"
                : !cache.transitEncryption() ? "no in-transit encryption" : "no AUTH";
        String how = !cache.transitEncryption() && !cache.authToken() ? "in clear text and without a password"
                : !cache.transitEncryption() ? "in clear text" : "without a password";
        String delete = cache.replicationGroup() ? "aws elasticache delete-replication-group --replication-group-id " + cache.id()
                : "aws elasticache delete-cache-cluster --cache-cluster-id " + cache.id();
        return "ElastiCache Redis " + cache.id() + " has " + missing + ": anything in its security group reaches it " + how
                + ", and labs leaves it so (the app keeps its URL). To move to TLS and AUTH (what Redis holds is lost: cached values, "
                + "Celery tasks still queued): 1) " + delete + ", and wait until it is gone; 2) jbang provision@labs creates a "
                + "one-node replication group with TLS and AUTH, the secret " + names.redisUrlSecret() + ", and task definitions "
                + "that read REDIS_URL and CELERY_BROKER_URL from it; 3) jbang deploy@labs rolls them out "
                + "(docs/runbook.md, \"Move Redis to TLS and AUTH\")";
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
