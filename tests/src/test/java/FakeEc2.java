import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceAssociation;

/**
 * In-memory EC2 network interfaces. Per the EC2 API reference, DescribeNetworkInterfaces with an
 * unknown id fails the whole call with the error code InvalidNetworkInterfaceID.NotFound, and the
 * public IP of an interface is in Association.PublicIp, absent when none is assigned.
 */
class FakeEc2 implements Ec2Client {
    final Map<String, NetworkInterface> interfaces = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    FakeEc2 networkInterface(String id, String publicIp) {
        NetworkInterface.Builder eni = NetworkInterface.builder().networkInterfaceId(id).status("in-use")
                .privateIpAddress("10.0.1.99");
        if (publicIp != null) eni.association(NetworkInterfaceAssociation.builder().publicIp(publicIp).build());
        interfaces.put(id, eni.build());
        return this;
    }

    static Ec2Exception error(String code, String message) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("EC2").build())
                .build();
    }

    @Override
    public DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest request) {
        calls.add("DescribeNetworkInterfaces");
        List<NetworkInterface> found = new ArrayList<>();
        for (String id : request.networkInterfaceIds()) {
            NetworkInterface eni = interfaces.get(id);
            if (eni == null) {
                throw error("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
            }
            found.add(eni);
        }
        return DescribeNetworkInterfacesResponse.builder().networkInterfaces(found).build();
    }

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {
    }
}
