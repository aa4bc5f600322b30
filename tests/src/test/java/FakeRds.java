import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.*;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/** In-memory RDS instances; an unknown identifier throws DbInstanceNotFoundException (RDS API reference, DescribeDBInstances). */
class FakeRds implements RdsClient {
    final Map<String, DBInstance> instances = new LinkedHashMap<>();

    FakeRds instance(String id, String status) {
        instances.put(id, DBInstance.builder().dbInstanceIdentifier(id).dbInstanceStatus(status)
                .engine("postgres").engineVersion("15.8").dbInstanceClass("db.t3.micro").allocatedStorage(20)
                .endpoint(e -> e.address(id + ".abc123.eu-west-1.rds.amazonaws.com").port(5432))
                .masterUsername("labs").build());
        return this;
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
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

    Faults faults = new Faults();
    final Map<String, DBSubnetGroup> subnetGroups = new LinkedHashMap<>();
    final Map<String, String> passwords = new HashMap<>();
    final Map<String, CreateDbInstanceRequest> created = new LinkedHashMap<>();
    final List<String> snapshots = new ArrayList<>();
    final Map<String, Integer> pollsLeft = new HashMap<>();
    final Map<String, List<String>> orderableZones = new HashMap<>(Map.of("db.t3.micro", List.of("eu-west-1b", "eu-west-1c")));
    int pollsPerState = 2;

    /** Only instances this fake created, deleted or modified move on by themselves; others stay as a test set them. */
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
                case "backing-up", "resetting-master-credentials" -> instances.put(id, instance.toBuilder().dbInstanceStatus("available").build());
                case "deleting" -> instances.remove(id);
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
            DBSubnetGroup group = DBSubnetGroup.builder().dbSubnetGroupName(request.dbSubnetGroupName())
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
    public ModifyDbInstanceResponse modifyDBInstance(ModifyDbInstanceRequest request) {
        return faults.call("rds:ModifyDBInstance", () -> {
            DBInstance instance = instances.get(request.dbInstanceIdentifier());
            if (instance == null) throw DbInstanceNotFoundException.builder().statusCode(404).message("DBInstance not found").build();
            if (!"available".equals(instance.dbInstanceStatus())) {
                throw InvalidDbInstanceStateException.builder().statusCode(400)
                        .message("Instance " + instance.dbInstanceIdentifier() + " is not in available state.").build();
            }
            if (request.masterUserPassword() != null) {
                passwords.put(instance.dbInstanceIdentifier(), request.masterUserPassword());
                instances.put(instance.dbInstanceIdentifier(), instance.toBuilder().dbInstanceStatus("resetting-master-credentials").build());
                pollsLeft.put(instance.dbInstanceIdentifier(), 0);
            }
            return ModifyDbInstanceResponse.builder().dbInstance(instances.get(instance.dbInstanceIdentifier())).build();
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

    @Override
    public String serviceName() {
        return "rds";
    }

    @Override
    public void close() {
    }
}
