import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeEventsRequest;
import software.amazon.awssdk.services.rds.model.DescribeEventsResponse;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceResponse;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.*;

/**
 * In-memory RDS instances; an unknown identifier throws DbInstanceNotFoundException (RDS API reference, DescribeDBInstances).
 * The master password RDS holds is modelled (RDS itself never returns it). ModifyDBInstance with
 * MasterUserPassword (RDS API reference): refused while the instance is not available and when RDS
 * manages the password (ManageMasterUserPassword); the password must have 8-128 characters, none of
 * / " @ or space; "between the time of the request and the completion of the request, the
 * MasterUserPassword element exists in the PendingModifiedValues element"; the instance then shows
 * resetting-master-credentials and becomes available again, recording event RDS-EVENT-0016 "Reset
 * master credentials." (category "configuration change"). Here the new password holds from the
 * request on, the strictest case for a rotation. AddTagsToResource/RemoveTagsFromResource take the
 * instance ARN; DescribeEvents filters by source, start time and category.
 */
class FakeRds implements RdsClient {
    final Map<String, DBInstance> instances = new LinkedHashMap<>();
    final Map<String, String> passwords = new HashMap<>();
    final List<ModifyDbInstanceRequest> modifications = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    /** Per instance: how many more DescribeDBInstances calls until a password change completes. */
    private final Map<String, Integer> applying = new HashMap<>();
    Faults faults = new Faults();

    FakeRds instance(String id, String status) {
        instances.put(id, DBInstance.builder().dbInstanceIdentifier(id).dbInstanceStatus(status)
                .engine("postgres").engineVersion("15.8").dbInstanceClass("db.t3.micro").allocatedStorage(20)
                .endpoint(e -> e.address(id + ".abc123.eu-west-1.rds.amazonaws.com").port(5432))
                .masterUsername("labs").build());
        instances.computeIfPresent(id, (k, db) -> db.toBuilder().dbInstanceArn(arn(id)).build());
        return this;
    }

    static String arn(String id) {
        return "arn:aws:rds:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":db:" + id;
    }

    FakeRds password(String id, String password) {
        passwords.put(id, password);
        return this;
    }

    /** RDS manages the master password in Secrets Manager (ManageMasterUserPassword). */
    FakeRds managedPassword(String id) {
        instances.computeIfPresent(id, (k, db) -> db.toBuilder().masterUserSecret(s -> s.secretArn(
                "arn:aws:secretsmanager:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":secret:rds!db-1234-AbCdEf")
                .secretStatus("active")).build());
        return this;
    }

    private void update(String id, java.util.function.UnaryOperator<DBInstance.Builder> change) {
        instances.computeIfPresent(id, (k, db) -> change.apply(db.toBuilder()).build());
    }

    private DBInstance require(String id) {
        DBInstance instance = instances.get(id);
        if (instance == null) {
            throw DbInstanceNotFoundException.builder().statusCode(404).message("DBInstance " + id + " not found.").build();
        }
        return instance;
    }

    private DBInstance byArn(String arn) {
        return instances.values().stream().filter(db -> arn.equals(db.dbInstanceArn())).findFirst()
                .orElseThrow(() -> DbInstanceNotFoundException.builder().statusCode(404)
                        .message("DBInstance " + arn + " not found.").build());
    }

    /** One step of a password change in progress: resetting-master-credentials, then available with an event. */
    private void progress(String id) {
        Integer remaining = applying.get(id);
        if (remaining == null) return;
        if (remaining > 1) {
            applying.put(id, remaining - 1);
            update(id, db -> db.dbInstanceStatus("resetting-master-credentials"));
            return;
        }
        applying.remove(id);
        update(id, db -> db.dbInstanceStatus("available").pendingModifiedValues(p -> { }));
        events.add(Event.builder().sourceIdentifier(id).sourceType("db-instance").sourceArn(arn(id)).date(Instant.now())
                .eventCategories("configuration change").message("Reset master credentials.").build());
    }

    @Override
    public ModifyDbInstanceResponse modifyDBInstance(ModifyDbInstanceRequest request) {
        return faults.call("rds:ModifyDBInstance", () -> {
            String id = request.dbInstanceIdentifier();
            DBInstance instance = require(id);
            String password = request.masterUserPassword();
            if (password != null) {
                if (instance.masterUserSecret() != null) {
                    throw rdsError("InvalidParameterCombination",
                            "You can't specify MasterUserPassword for an instance with ManageMasterUserPassword enabled.");
                }
                if (!"available".equals(instance.dbInstanceStatus())) {
                    throw InvalidDbInstanceStateException.builder().statusCode(400)
                            .message("Database instance is not in available state.").build();
                }
                if (password.length() < 8 || password.length() > 128 || password.matches(".*[/\"@ ].*")) {
                    throw rdsError("InvalidParameterValue", "The parameter MasterUserPassword is not a valid password.");
                }
                modifications.add(request);
                passwords.put(id, password);
                applying.put(id, 2);
                update(id, db -> db.pendingModifiedValues(p -> p.masterUserPassword("****")));
            }
            return ModifyDbInstanceResponse.builder().dbInstance(instances.get(id)).build();
        });
    }

    private static RdsException rdsError(String code, String message) {
        return (RdsException) RdsException.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    /** Subnet groups' tags by ARN (arn:aws:rds:REGION:ACCOUNT:subgrp:NAME), as ListTagsForResource reads them. */
    final Map<String, List<Tag>> subnetGroupTags = new HashMap<>();

    /** ListTagsForResource by ARN: an instance's TagList or a subnet group's tags (RDS API reference). */
    @Override
    public software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse listTagsForResource(
            software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest request) {
        List<Tag> tags = subnetGroupTags.containsKey(request.resourceName()) ? subnetGroupTags.get(request.resourceName())
                : byArn(request.resourceName()).tagList();
        return software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse.builder().tagList(tags).build();
    }

    @Override
    public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest request) {
        return faults.call("rds:AddTagsToResource", () -> {
            DBInstance instance = byArn(request.resourceName());
            List<Tag> tags = new ArrayList<>(instance.tagList());
            for (Tag tag : request.tags()) {
                tags.removeIf(t -> t.key().equals(tag.key()));
                tags.add(tag);
            }
            update(instance.dbInstanceIdentifier(), db -> db.tagList(tags));
            return AddTagsToResourceResponse.builder().build();
        });
    }

    @Override
    public RemoveTagsFromResourceResponse removeTagsFromResource(RemoveTagsFromResourceRequest request) {
        return faults.call("rds:RemoveTagsFromResource", () -> {
            DBInstance instance = byArn(request.resourceName());
            List<Tag> tags = new ArrayList<>(instance.tagList());
            tags.removeIf(t -> request.tagKeys().contains(t.key()));
            update(instance.dbInstanceIdentifier(), db -> db.tagList(tags));
            return RemoveTagsFromResourceResponse.builder().build();
        });
    }

    @Override
    public DescribeEventsResponse describeEvents(DescribeEventsRequest request) {
        return faults.call("rds:DescribeEvents", () -> DescribeEventsResponse.builder().events(events.stream()
                .filter(e -> request.sourceIdentifier() == null || request.sourceIdentifier().equals(e.sourceIdentifier()))
                .filter(e -> request.startTime() == null || !e.date().isBefore(request.startTime()))
                .filter(e -> !request.hasEventCategories() || e.eventCategories().stream().anyMatch(request.eventCategories()::contains))
                .toList()).build());
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
        return faults.call("rds:DescribeDBInstances", () -> describe(request));
    }

    private DescribeDbInstancesResponse describe(DescribeDbInstancesRequest request) {
        List.copyOf(applying.keySet()).forEach(this::progress);
        advanceLifecycles();
        if (request.dbInstanceIdentifier() == null) {
            return DescribeDbInstancesResponse.builder().dbInstances(instances.values()).build();
        }
        DBInstance instance = instances.get(request.dbInstanceIdentifier());
        if (instance == null) {
            throw DbInstanceNotFoundException.builder().statusCode(404)
                    .message("DBInstance " + request.dbInstanceIdentifier() + " not found.").build();
        }
        return DescribeDbInstancesResponse.builder().dbInstances(List.of(instance)).build();
    }

    // ---- What provision and teardown do (RDS API reference: CreateDBInstance, DeleteDBInstance,
    // CreateDBSubnetGroup, DescribeOrderableDBInstanceOptions). A new instance is "creating", then
    // "backing-up", then "available" with an endpoint; a deleted one is "deleting" and then gone, with its
    // final snapshot; a subnet group in use cannot be deleted.

    final Map<String, DBSubnetGroup> subnetGroups = new LinkedHashMap<>();
    final Map<String, CreateDbInstanceRequest> created = new LinkedHashMap<>();
    final List<String> snapshots = new ArrayList<>();
    final Map<String, Integer> pollsLeft = new HashMap<>();
    final Map<String, List<String>> orderableZones = new HashMap<>(Map.of("db.t3.micro", List.of("eu-west-1b", "eu-west-1c")));
    int pollsPerState = 2;

    /** Only instances this fake created or deleted move on by themselves; others stay as a test set them. */
    private void advanceLifecycles() {
        for (String id : List.copyOf(pollsLeft.keySet())) {
            DBInstance instance = instances.get(id);
            if (instance == null) continue;
            int left = pollsLeft.getOrDefault(id, 0);
            if (left > 0) {
                pollsLeft.put(id, left - 1);
                continue;
            }
            switch (instance.dbInstanceStatus()) {
                case "creating" -> {
                    instances.put(id, instance.toBuilder().dbInstanceStatus("backing-up")
                            .endpoint(e -> e.address(id + ".abc123.eu-west-1.rds.amazonaws.com").port(5432)).build());
                    pollsLeft.put(id, pollsPerState);
                }
                case "backing-up" -> instances.put(id, instance.toBuilder().dbInstanceStatus("available").build());
                case "deleting" -> instances.remove(id);
                case "stopping" -> instances.put(id, instance.toBuilder().dbInstanceStatus("stopped").build());
                case "starting" -> instances.put(id, instance.toBuilder().dbInstanceStatus("available").build());
                default -> { }
            }
        }
    }

    @Override
    public CreateDbSubnetGroupResponse createDBSubnetGroup(CreateDbSubnetGroupRequest request) {
        return faults.call("rds:CreateDBSubnetGroup", () -> {
            if (subnetGroups.containsKey(request.dbSubnetGroupName())) {
                throw DbSubnetGroupAlreadyExistsException.builder().statusCode(400).message("DB Subnet Group already exists").build();
            }
            String arn = "arn:aws:rds:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":subgrp:" + request.dbSubnetGroupName();
            subnetGroupTags.put(arn, request.tags());
            DBSubnetGroup group = DBSubnetGroup.builder().dbSubnetGroupName(request.dbSubnetGroupName()).dbSubnetGroupArn(arn)
                    .subnets(request.subnetIds().stream().map(id -> software.amazon.awssdk.services.rds.model.Subnet.builder()
                            .subnetIdentifier(id).build()).toList()).build();
            subnetGroups.put(request.dbSubnetGroupName(), group);
            return CreateDbSubnetGroupResponse.builder().dbSubnetGroup(group).build();
        });
    }

    @Override
    public DescribeDbSubnetGroupsResponse describeDBSubnetGroups(DescribeDbSubnetGroupsRequest request) {
        DBSubnetGroup group = subnetGroups.get(request.dbSubnetGroupName());
        if (group == null) {
            throw DbSubnetGroupNotFoundException.builder().statusCode(404)
                    .message("DB subnet group '" + request.dbSubnetGroupName() + "' not found").build();
        }
        return DescribeDbSubnetGroupsResponse.builder().dbSubnetGroups(group).build();
    }

    @Override
    public DeleteDbSubnetGroupResponse deleteDBSubnetGroup(DeleteDbSubnetGroupRequest request) {
        return faults.call("rds:DeleteDBSubnetGroup", () -> {
            if (!subnetGroups.containsKey(request.dbSubnetGroupName())) {
                throw DbSubnetGroupNotFoundException.builder().statusCode(404).message("DB subnet group not found").build();
            }
            if (instances.values().stream().anyMatch(i -> i.dbSubnetGroup() != null
                    && request.dbSubnetGroupName().equals(i.dbSubnetGroup().dbSubnetGroupName()))) {
                throw InvalidDbSubnetGroupStateException.builder().statusCode(400)
                        .message("Cannot delete the subnet group because at least one database instance is still using it.").build();
            }
            subnetGroups.remove(request.dbSubnetGroupName());
            return DeleteDbSubnetGroupResponse.builder().build();
        });
    }

    @Override
    public DescribeOrderableDbInstanceOptionsResponse describeOrderableDBInstanceOptions(DescribeOrderableDbInstanceOptionsRequest request) {
        List<String> zones = orderableZones.getOrDefault(request.dbInstanceClass(), List.of());
        return DescribeOrderableDbInstanceOptionsResponse.builder().orderableDBInstanceOptions(zones.isEmpty() ? List.of()
                : List.of(OrderableDBInstanceOption.builder().engine("postgres").dbInstanceClass(request.dbInstanceClass())
                        .availabilityZones(zones.stream().map(z -> AvailabilityZone.builder().name(z).build()).toList()).build()))
                .build();
    }

    @Override
    public CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest request) {
        return faults.call("rds:CreateDBInstance", () -> {
            if (instances.containsKey(request.dbInstanceIdentifier())) {
                throw DbInstanceAlreadyExistsException.builder().statusCode(400).message("DB instance already exists").build();
            }
            DBSubnetGroup group = subnetGroups.get(request.dbSubnetGroupName());
            if (group == null) {
                throw DbSubnetGroupNotFoundException.builder().statusCode(404)
                        .message("DBSubnetGroupName '" + request.dbSubnetGroupName() + "' not found").build();
            }
            String password = request.masterUserPassword();
            if (password == null || password.length() < 8 || password.matches(".*[/@\" ].*")) {
                throw RdsException.builder().statusCode(400).message("The parameter MasterUserPassword is not a valid password.").build();
            }
            DBInstance instance = DBInstance.builder().dbInstanceIdentifier(request.dbInstanceIdentifier()).dbInstanceStatus("creating")
                .dbInstanceArn(arn(request.dbInstanceIdentifier()))
                    .engine(request.engine()).engineVersion(request.engineVersion() + ".12").dbInstanceClass(request.dbInstanceClass())
                    .allocatedStorage(request.allocatedStorage()).storageType(request.storageType()).multiAZ(request.multiAZ())
                    .publiclyAccessible(request.publiclyAccessible()).storageEncrypted(request.storageEncrypted())
                    .backupRetentionPeriod(request.backupRetentionPeriod()).masterUsername(request.masterUsername())
                    .dbName(request.dbName()).dbSubnetGroup(group).tagList(request.tags())
                    .vpcSecurityGroups(request.vpcSecurityGroupIds().stream().map(id -> VpcSecurityGroupMembership.builder()
                            .vpcSecurityGroupId(id).status("active").build()).toList())
                    .build();
            instances.put(request.dbInstanceIdentifier(), instance);
            passwords.put(request.dbInstanceIdentifier(), password);
            created.put(request.dbInstanceIdentifier(), request);
            pollsLeft.put(request.dbInstanceIdentifier(), pollsPerState);
            return CreateDbInstanceResponse.builder().dbInstance(instance).build();
        });
    }

    @Override
    public DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest request) {
        return faults.call("rds:DeleteDBInstance", () -> {
            DBInstance instance = instances.get(request.dbInstanceIdentifier());
            if (instance == null) throw DbInstanceNotFoundException.builder().statusCode(404).message("DBInstance not found").build();
            boolean failed = List.of("failed", "incompatible-restore", "incompatible-network").contains(instance.dbInstanceStatus());
            if (!failed && !List.of("available", "stopped", "storage-full").contains(instance.dbInstanceStatus())) {
                throw InvalidDbInstanceStateException.builder().statusCode(400)
                        .message("Instance " + instance.dbInstanceIdentifier() + " is not in available state.").build();
            }
            boolean skip = Boolean.TRUE.equals(request.skipFinalSnapshot());
            if (failed && !skip) {
                throw InvalidDbInstanceStateException.builder().statusCode(400)
                        .message("A failed instance can only be deleted with SkipFinalSnapshot.").build();
            }
            if (skip == (request.finalDBSnapshotIdentifier() != null)) {
                throw software.amazon.awssdk.services.rds.model.RdsException.builder().statusCode(400)
                        .message("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.").build();
            }
            if (!skip) snapshots.add(request.finalDBSnapshotIdentifier());
            instances.put(instance.dbInstanceIdentifier(), instance.toBuilder().dbInstanceStatus("deleting").build());
            pollsLeft.put(instance.dbInstanceIdentifier(), pollsPerState);
            return DeleteDbInstanceResponse.builder().dbInstance(instance).build();
        });
    }

    // ---- What sleep and wake do. StopDBInstance (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html)
    // and StartDBInstance (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartDBInstance.html) answer
    // InvalidDBInstanceStateFault (InvalidDbInstanceStateException) for an instance not in the state they need: only an
    // available instance stops, only a stopped one starts, so stopping a stopped (or stopping) instance is that error too.
    // The instance shows "stopping" then "stopped", "starting" then "available" (RDS user guide, "Stopping an Amazon RDS DB
    // instance temporarily", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html, and "Viewing
    // instance status", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html). RDS starts a
    // stopped instance by itself after 7 days: autoStart(id) plays that.

    @Override
    public StopDbInstanceResponse stopDBInstance(StopDbInstanceRequest request) {
        return faults.call("rds:StopDBInstance", () -> {
            DBInstance instance = require(request.dbInstanceIdentifier());
            if (!"available".equals(instance.dbInstanceStatus())) {
                throw invalidState("Instance " + instance.dbInstanceIdentifier() + " is not in available state.");
            }
            update(instance.dbInstanceIdentifier(), db -> db.dbInstanceStatus("stopping"));
            pollsLeft.put(instance.dbInstanceIdentifier(), pollsPerState);
            return StopDbInstanceResponse.builder().dbInstance(instances.get(instance.dbInstanceIdentifier())).build();
        });
    }

    @Override
    public StartDbInstanceResponse startDBInstance(StartDbInstanceRequest request) {
        return faults.call("rds:StartDBInstance", () -> {
            DBInstance instance = require(request.dbInstanceIdentifier());
            if (!"stopped".equals(instance.dbInstanceStatus())) {
                throw invalidState("Instance " + instance.dbInstanceIdentifier() + " cannot be started as it is not in stopped state.");
            }
            update(instance.dbInstanceIdentifier(), db -> db.dbInstanceStatus("starting"));
            pollsLeft.put(instance.dbInstanceIdentifier(), pollsPerState);
            return StartDbInstanceResponse.builder().dbInstance(instances.get(instance.dbInstanceIdentifier())).build();
        });
    }

    /** RDS's own start of an instance stopped for 7 days. */
    void autoStart(String id) {
        update(id, db -> db.dbInstanceStatus("starting"));
        pollsLeft.put(id, pollsPerState);
    }

    private static InvalidDbInstanceStateException invalidState(String message) {
        return (InvalidDbInstanceStateException) InvalidDbInstanceStateException.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidDBInstanceState").errorMessage(message).build()).build();
    }

    @Override
    public String serviceName() {
        return "rds";
    }

    @Override
    public void close() {
    }
}
