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

    @Override
    public String serviceName() {
        return "rds";
    }

    @Override
    public void close() {
    }
}
