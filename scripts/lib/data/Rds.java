import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.OrderableDBInstanceOption;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Every call labs makes to RDS, one AWS action a method: the database as status shows it, what
 * provision and teardown do with it, and the master password and tags that a rotation changes.
 */
final class Rds {
    static final Set<String> DATABASE_STOPPED = Set.of("stopped", "stopping");

    /** Statuses in which RDS accepts DeleteDBInstance, the failed ones only without a final snapshot (RDS API reference). */
    static final Set<String> DATABASE_FAILED = Set.of("failed", "incompatible-restore", "incompatible-network");

    private final LabsOptions labs;

    Rds(LabsOptions labs) {
        this.labs = labs;
    }

    private RdsClient rds() {
        return labs.aws().client(RdsClient.class, RdsClient::builder);
    }

    /** DescribeDBInstances of one instance; empty when it does not exist. */
    Optional<DBInstance> instance(String id) {
        try {
            return Optional.of(rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    Observed.Database findDatabase() {
        DBInstance db = instance(labs.names().dbInstance()).orElse(null);
        if (db == null) return null;
        return new Observed.Database(db.dbInstanceIdentifier(), db.dbInstanceStatus(), db.engine(), db.engineVersion(),
                db.dbInstanceClass(), orZero(db.allocatedStorage()), db.storageType(), Boolean.TRUE.equals(db.multiAZ()),
                Boolean.TRUE.equals(db.publiclyAccessible()), Boolean.TRUE.equals(db.storageEncrypted()),
                orZero(db.backupRetentionPeriod()), db.endpoint() == null ? null : db.endpoint().address(),
                db.endpoint() == null ? 0 : orZero(db.endpoint().port()), db.masterUsername(), db.dbName());
    }

    /**
     * Which of the instance and its subnet group carry this prefix's labs tag, for teardown (the
     * instance's TagList, the group's ListTagsForResource). Only what exists is listed.
     */
    java.util.Map<String, Boolean> ownership() {
        java.util.Map<String, Boolean> own = new java.util.LinkedHashMap<>();
        instance(labs.names().dbInstance()).ifPresent(db -> own.put(db.dbInstanceIdentifier(), isOwn(db.tagList())));
        try {
            var group = rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(labs.names().dbSubnetGroup())).dbSubnetGroups().get(0);
            own.put(group.dbSubnetGroupName(), isOwn(rds().listTagsForResource(r -> r.resourceName(group.dbSubnetGroupArn())).tagList()));
        } catch (DbSubnetGroupNotFoundException e) {
            // nothing to own
        }
        return own;
    }

    private boolean isOwn(List<Tag> tags) {
        return tags.stream().anyMatch(t -> labs.names().isOwnTag(t.key(), t.value()));
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
                .dbSubnetGroupDescription("labs " + labs.names().prefix() + " database subnets").tags(tags()));
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
                .copyTagsToSnapshot(true).tags(tags()));
        labs.console().detail("  creating RDS instance " + labs.names().dbInstance() + " (takes 5-10 minutes)");
    }

    /** The stack's database gets a new master password (see {@link #changeMasterPassword}). */
    void resetMasterPassword(String password) {
        changeMasterPassword(labs.names().dbInstance(), password);
        labs.console().detail("  reset the master password of " + labs.names().dbInstance());
    }

    /** RDS applies a new master password within minutes (ModifyDBInstance, ApplyImmediately). */
    void changeMasterPassword(String id, String password) {
        rds().modifyDBInstance(r -> r.dbInstanceIdentifier(id).masterUserPassword(password).applyImmediately(true));
    }

    void tag(String arn, String key, String value) {
        rds().addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key(key).value(value).build()));
    }

    void untag(String arn, String key) {
        rds().removeTagsFromResource(r -> r.resourceName(arn).tagKeys(key));
    }

    /** DescribeEvents of one instance in one category since a time, paginated. */
    List<Event> events(String id, Instant since, String category) {
        return rds().describeEventsPaginator(r -> r.sourceType(SourceType.DB_INSTANCE).sourceIdentifier(id)
                .startTime(since).eventCategories(category)).events().stream().toList();
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

    /**
     * StopDBInstance of the stack's database. RDS refuses (InvalidDBInstanceState) an instance that
     * is not available, including one stopped or stopping already: that counts as done, since
     * another run (or the daily schedule) got there first.
     */
    void stopDatabase() {
        String id = labs.names().dbInstance();
        try {
            rds().stopDBInstance(r -> r.dbInstanceIdentifier(id));
            labs.console().detail("  stopping RDS instance " + id);
        } catch (InvalidDbInstanceStateException e) {
            refusedUnless(e, "stop", DATABASE_STOPPED);
        }
    }

    /** StartDBInstance of the stack's database; one starting or available already counts as done. */
    void startDatabase() {
        String id = labs.names().dbInstance();
        try {
            rds().startDBInstance(r -> r.dbInstanceIdentifier(id));
            labs.console().detail("  starting RDS instance " + id + " (takes minutes)");
        } catch (InvalidDbInstanceStateException e) {
            refusedUnless(e, "start", Set.of("starting", "available"));
        }
    }

    private void refusedUnless(InvalidDbInstanceStateException refusal, String verb, Set<String> alreadyThere) {
        Observed.Database db = findDatabase();
        if (db != null && alreadyThere.contains(db.status())) return;
        throw LabsException.failed("RDS would not " + verb + " " + labs.names().dbInstance()
                + (db == null ? "" : " (" + db.status() + ")") + ": " + (refusal.awsErrorDetails() == null ? refusal.getMessage()
                        : refusal.awsErrorDetails().errorMessage()));
    }

    /** The instance's ARN, for a policy that names it; null when it does not exist. */
    String databaseArn() {
        return instance(labs.names().dbInstance()).map(DBInstance::dbInstanceArn).orElse(null);
    }

    /** Done once the instance can be deleted: available, stopped or failed, not half-way through a change. */
    Waits.State databaseSettled() {
        Observed.Database db = findDatabase();
        if (db == null) return Waits.State.done("gone");
        boolean settled = Set.of("available", "stopped", "storage-full", "deleting").contains(db.status())
                || DATABASE_FAILED.contains(db.status());
        return settled ? Waits.State.done(db.status()) : Waits.State.waiting(db.status());
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

    private List<Tag> tags() {
        return labs.names().tags().entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
