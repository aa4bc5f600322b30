import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
