import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.*;
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

    // ---- The network provision builds (EC2 API reference: CreateVpc, CreateSubnet, CreateInternetGateway,
    // CreateRouteTable, CreateSecurityGroup and their Describe/Delete calls, error codes such as
    // DependencyViolation, InvalidPermission.Duplicate, Resource.AlreadyAssociated). A new VPC comes with
    // DNS support on and DNS hostnames off, a main route table and a "default" security group, as in AWS.

    Faults faults = new Faults();
    final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    final Map<String, boolean[]> vpcDns = new LinkedHashMap<>();
    final Map<String, Subnet> subnets = new LinkedHashMap<>();
    final Map<String, InternetGateway> gateways = new LinkedHashMap<>();
    final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    final List<String> zoneNames = new ArrayList<>(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"));
    /** Network interfaces of stopped Fargate tasks: they block deletes for a number of attempts. */
    final List<String[]> drainingInterfaces = new ArrayList<>();
    private int ids;

    private String id(String prefix) {
        return prefix + "-" + String.format("%017x", ++ids);
    }

    /** An interface in a subnet and security group that goes away after the given number of refused deletes. */
    FakeEc2 draining(String subnetId, String groupId, int attempts) {
        drainingInterfaces.add(new String[] {subnetId, groupId, String.valueOf(attempts)});
        return this;
    }

    private void refuseWhileDraining(int field, String resourceId, String what) {
        for (String[] eni : drainingInterfaces) {
            if (resourceId.equals(eni[field]) || (field == 0 && vpcOfSubnet(eni[0]).equals(resourceId))) {
                drainingInterfaces.forEach(e -> e[2] = String.valueOf(Integer.parseInt(e[2]) - 1));
                drainingInterfaces.removeIf(e -> Integer.parseInt(e[2]) <= 0);
                throw error("DependencyViolation", "The " + what + " '" + resourceId + "' has dependencies and cannot be deleted.");
            }
        }
    }

    private String vpcOfSubnet(String subnetId) {
        Subnet subnet = subnets.get(subnetId);
        return subnet == null ? "" : subnet.vpcId();
    }

    private static List<Tag> tagsOf(List<TagSpecification> specifications) {
        return specifications.stream().flatMap(t -> t.tags().stream()).toList();
    }

    private static List<String> tagValues(List<Tag> tags, String filterName) {
        String key = filterName.substring("tag:".length());
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).toList();
    }

    private static <T> List<T> filtered(java.util.Collection<T> items, List<Filter> filters, Function<T, Function<String, List<String>>> values) {
        return items.stream().filter(item -> filters.stream().allMatch(f -> values.apply(item).apply(f.name()).stream()
                .anyMatch(v -> f.values().contains(v)))).toList();
    }

    private Vpc requireVpc(String vpcId) {
        Vpc vpc = vpcs.get(vpcId);
        if (vpc == null) throw error("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        return vpc;
    }

    @Override
    public CreateVpcResponse createVpc(CreateVpcRequest request) {
        return faults.call("ec2:CreateVpc", () -> {
            String vpcId = id("vpc");
            Vpc vpc = Vpc.builder().vpcId(vpcId).cidrBlock(request.cidrBlock()).state(VpcState.AVAILABLE)
                    .tags(tagsOf(request.tagSpecifications())).build();
            vpcs.put(vpcId, vpc);
            vpcDns.put(vpcId, new boolean[] {true, false});
            String mainTable = id("rtb");
            routeTables.put(mainTable, RouteTable.builder().routeTableId(mainTable).vpcId(vpcId)
                    .routes(Route.builder().destinationCidrBlock(request.cidrBlock()).gatewayId("local").build())
                    .associations(RouteTableAssociation.builder().main(true).routeTableAssociationId(id("rtbassoc"))
                            .routeTableId(mainTable).build()).build());
            String defaultGroup = id("sg");
            securityGroups.put(defaultGroup, SecurityGroup.builder().groupId(defaultGroup).groupName("default").vpcId(vpcId)
                    .ipPermissions(IpPermission.builder().ipProtocol("-1").userIdGroupPairs(p -> p.groupId(defaultGroup)).build())
                    .build());
            return CreateVpcResponse.builder().vpc(vpc).build();
        });
    }

    @Override
    public DescribeVpcsResponse describeVpcs(DescribeVpcsRequest request) {
        calls.add("DescribeVpcs");
        return DescribeVpcsResponse.builder().vpcs(filtered(vpcs.values(), request.filters(), vpc -> name -> switch (name) {
            case "vpc-id" -> List.of(vpc.vpcId());
            default -> tagValues(vpc.tags(), name);
        })).build();
    }

    @Override
    public DescribeVpcAttributeResponse describeVpcAttribute(DescribeVpcAttributeRequest request) {
        requireVpc(request.vpcId());
        boolean[] dns = vpcDns.get(request.vpcId());
        DescribeVpcAttributeResponse.Builder response = DescribeVpcAttributeResponse.builder().vpcId(request.vpcId());
        if (request.attribute() == VpcAttributeName.ENABLE_DNS_SUPPORT) response.enableDnsSupport(a -> a.value(dns[0]));
        else response.enableDnsHostnames(a -> a.value(dns[1]));
        return response.build();
    }

    @Override
    public ModifyVpcAttributeResponse modifyVpcAttribute(ModifyVpcAttributeRequest request) {
        return faults.call("ec2:ModifyVpcAttribute", () -> {
            requireVpc(request.vpcId());
            boolean[] dns = vpcDns.get(request.vpcId());
            if (request.enableDnsSupport() != null && request.enableDnsHostnames() != null) {
                throw error("InvalidParameterCombination", "Only one attribute can be modified at a time");
            }
            if (request.enableDnsSupport() != null) dns[0] = request.enableDnsSupport().value();
            if (request.enableDnsHostnames() != null) {
                if (request.enableDnsHostnames().value() && !dns[0]) {
                    throw error("InvalidParameterValue", "DNS hostnames need DNS support");
                }
                dns[1] = request.enableDnsHostnames().value();
            }
            return ModifyVpcAttributeResponse.builder().build();
        });
    }

    @Override
    public DeleteVpcResponse deleteVpc(DeleteVpcRequest request) {
        return faults.call("ec2:DeleteVpc", () -> {
            requireVpc(request.vpcId());
            boolean inUse = subnets.values().stream().anyMatch(s -> s.vpcId().equals(request.vpcId()))
                    || gateways.values().stream().anyMatch(g -> g.attachments().stream().anyMatch(a -> a.vpcId().equals(request.vpcId())))
                    || securityGroups.values().stream().anyMatch(g -> g.vpcId().equals(request.vpcId()) && !"default".equals(g.groupName()))
                    || routeTables.values().stream().anyMatch(t -> t.vpcId().equals(request.vpcId())
                            && t.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main())));
            if (inUse) throw error("DependencyViolation", "The vpc '" + request.vpcId() + "' has dependencies and cannot be deleted.");
            vpcs.remove(request.vpcId());
            vpcDns.remove(request.vpcId());
            routeTables.values().removeIf(t -> t.vpcId().equals(request.vpcId()));
            securityGroups.values().removeIf(g -> g.vpcId().equals(request.vpcId()));
            return DeleteVpcResponse.builder().build();
        });
    }

    @Override
    public DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
        return DescribeAvailabilityZonesResponse.builder().availabilityZones(zoneNames.stream()
                .map(z -> AvailabilityZone.builder().zoneName(z).state(AvailabilityZoneState.AVAILABLE).build()).toList()).build();
    }

    @Override
    public CreateSubnetResponse createSubnet(CreateSubnetRequest request) {
        return faults.call("ec2:CreateSubnet", () -> {
            requireVpc(request.vpcId());
            if (subnets.values().stream().anyMatch(s -> s.vpcId().equals(request.vpcId()) && s.cidrBlock().equals(request.cidrBlock()))) {
                throw error("InvalidSubnet.Conflict", "The CIDR '" + request.cidrBlock() + "' conflicts with another subnet");
            }
            if (!zoneNames.contains(request.availabilityZone())) {
                throw error("InvalidParameterValue", "Value (" + request.availabilityZone() + ") for parameter availabilityZone is invalid.");
            }
            String subnetId = id("subnet");
            Subnet subnet = Subnet.builder().subnetId(subnetId).vpcId(request.vpcId()).cidrBlock(request.cidrBlock())
                    .availabilityZone(request.availabilityZone()).mapPublicIpOnLaunch(false).state(SubnetState.AVAILABLE)
                    .tags(tagsOf(request.tagSpecifications())).build();
            subnets.put(subnetId, subnet);
            return CreateSubnetResponse.builder().subnet(subnet).build();
        });
    }

    @Override
    public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
        return DescribeSubnetsResponse.builder().subnets(filtered(subnets.values(), request.filters(), subnet -> name -> switch (name) {
            case "vpc-id" -> List.of(subnet.vpcId());
            default -> tagValues(subnet.tags(), name);
        })).build();
    }

    @Override
    public ModifySubnetAttributeResponse modifySubnetAttribute(ModifySubnetAttributeRequest request) {
        return faults.call("ec2:ModifySubnetAttribute", () -> {
            Subnet subnet = subnets.get(request.subnetId());
            if (subnet == null) throw error("InvalidSubnetID.NotFound", "The subnet ID '" + request.subnetId() + "' does not exist");
            if (request.mapPublicIpOnLaunch() != null) {
                subnets.put(subnet.subnetId(), subnet.toBuilder().mapPublicIpOnLaunch(request.mapPublicIpOnLaunch().value()).build());
            }
            return ModifySubnetAttributeResponse.builder().build();
        });
    }

    @Override
    public DeleteSubnetResponse deleteSubnet(DeleteSubnetRequest request) {
        return faults.call("ec2:DeleteSubnet", () -> {
            if (!subnets.containsKey(request.subnetId())) {
                throw error("InvalidSubnetID.NotFound", "The subnet ID '" + request.subnetId() + "' does not exist");
            }
            refuseWhileDraining(0, request.subnetId(), "subnet");
            if (routeTables.values().stream().anyMatch(t -> t.associations().stream().anyMatch(a -> request.subnetId().equals(a.subnetId())))) {
                throw error("DependencyViolation", "The subnet '" + request.subnetId() + "' has dependencies and cannot be deleted.");
            }
            subnets.remove(request.subnetId());
            return DeleteSubnetResponse.builder().build();
        });
    }

    @Override
    public CreateInternetGatewayResponse createInternetGateway(CreateInternetGatewayRequest request) {
        return faults.call("ec2:CreateInternetGateway", () -> {
            String gatewayId = id("igw");
            InternetGateway gateway = InternetGateway.builder().internetGatewayId(gatewayId).tags(tagsOf(request.tagSpecifications())).build();
            gateways.put(gatewayId, gateway);
            return CreateInternetGatewayResponse.builder().internetGateway(gateway).build();
        });
    }

    @Override
    public DescribeInternetGatewaysResponse describeInternetGateways(DescribeInternetGatewaysRequest request) {
        return DescribeInternetGatewaysResponse.builder().internetGateways(filtered(gateways.values(), request.filters(),
                gateway -> name -> switch (name) {
                    case "attachment.vpc-id" -> gateway.attachments().stream().map(InternetGatewayAttachment::vpcId).toList();
                    default -> tagValues(gateway.tags(), name);
                })).build();
    }

    @Override
    public AttachInternetGatewayResponse attachInternetGateway(AttachInternetGatewayRequest request) {
        return faults.call("ec2:AttachInternetGateway", () -> {
            requireVpc(request.vpcId());
            InternetGateway gateway = gateways.get(request.internetGatewayId());
            if (!gateway.attachments().isEmpty()) {
                throw error("Resource.AlreadyAssociated", "resource " + request.internetGatewayId() + " is already attached to network "
                        + gateway.attachments().get(0).vpcId());
            }
            gateways.put(gateway.internetGatewayId(), gateway.toBuilder().attachments(InternetGatewayAttachment.builder()
                    .vpcId(request.vpcId()).state(AttachmentStatus.ATTACHED).build()).build());
            return AttachInternetGatewayResponse.builder().build();
        });
    }

    @Override
    public DetachInternetGatewayResponse detachInternetGateway(DetachInternetGatewayRequest request) {
        return faults.call("ec2:DetachInternetGateway", () -> {
            refuseWhileDraining(0, request.vpcId(), "network (mapped public addresses)");
            InternetGateway gateway = gateways.get(request.internetGatewayId());
            gateways.put(gateway.internetGatewayId(), gateway.toBuilder().attachments(List.of()).build());
            return DetachInternetGatewayResponse.builder().build();
        });
    }

    @Override
    public DeleteInternetGatewayResponse deleteInternetGateway(DeleteInternetGatewayRequest request) {
        return faults.call("ec2:DeleteInternetGateway", () -> {
            InternetGateway gateway = gateways.get(request.internetGatewayId());
            if (gateway == null) throw error("InvalidInternetGatewayID.NotFound", "The internetGateway ID '" + request.internetGatewayId() + "' does not exist");
            if (!gateway.attachments().isEmpty()) throw error("DependencyViolation", "The internetGateway '" + gateway.internetGatewayId() + "' has dependencies and cannot be deleted.");
            gateways.remove(request.internetGatewayId());
            return DeleteInternetGatewayResponse.builder().build();
        });
    }

    @Override
    public CreateRouteTableResponse createRouteTable(CreateRouteTableRequest request) {
        return faults.call("ec2:CreateRouteTable", () -> {
            Vpc vpc = requireVpc(request.vpcId());
            String tableId = id("rtb");
            RouteTable table = RouteTable.builder().routeTableId(tableId).vpcId(request.vpcId())
                    .routes(Route.builder().destinationCidrBlock(vpc.cidrBlock()).gatewayId("local").build())
                    .tags(tagsOf(request.tagSpecifications())).build();
            routeTables.put(tableId, table);
            return CreateRouteTableResponse.builder().routeTable(table).build();
        });
    }

    @Override
    public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest request) {
        List<RouteTable> tables = filtered(routeTables.values(), request.filters(), table -> name -> switch (name) {
            case "vpc-id" -> List.of(table.vpcId());
            case "association.subnet-id" -> table.associations().stream().map(RouteTableAssociation::subnetId)
                    .filter(java.util.Objects::nonNull).toList();
            default -> tagValues(table.tags(), name);
        });
        if (!request.routeTableIds().isEmpty()) tables = tables.stream().filter(t -> request.routeTableIds().contains(t.routeTableId())).toList();
        return DescribeRouteTablesResponse.builder().routeTables(tables).build();
    }

    @Override
    public CreateRouteResponse createRoute(CreateRouteRequest request) {
        return faults.call("ec2:CreateRoute", () -> {
            RouteTable table = routeTables.get(request.routeTableId());
            if (table.routes().stream().anyMatch(r -> request.destinationCidrBlock().equals(r.destinationCidrBlock()))) {
                throw error("RouteAlreadyExists", "The route identified by " + request.destinationCidrBlock() + " already exists.");
            }
            if (!gateways.containsKey(request.gatewayId())) {
                throw error("InvalidGatewayID.NotFound", "The gateway ID '" + request.gatewayId() + "' does not exist");
            }
            List<Route> routes = new ArrayList<>(table.routes());
            routes.add(Route.builder().destinationCidrBlock(request.destinationCidrBlock()).gatewayId(request.gatewayId()).build());
            routeTables.put(table.routeTableId(), table.toBuilder().routes(routes).build());
            return CreateRouteResponse.builder().returnValue(true).build();
        });
    }

    @Override
    public AssociateRouteTableResponse associateRouteTable(AssociateRouteTableRequest request) {
        return faults.call("ec2:AssociateRouteTable", () -> {
            if (routeTables.values().stream().anyMatch(t -> t.associations().stream().anyMatch(a -> request.subnetId().equals(a.subnetId())))) {
                throw error("Resource.AlreadyAssociated", "the specified association for route table already exists");
            }
            RouteTable table = routeTables.get(request.routeTableId());
            List<RouteTableAssociation> associations = new ArrayList<>(table.associations());
            String associationId = id("rtbassoc");
            associations.add(RouteTableAssociation.builder().routeTableAssociationId(associationId).routeTableId(table.routeTableId())
                    .subnetId(request.subnetId()).main(false).build());
            routeTables.put(table.routeTableId(), table.toBuilder().associations(associations).build());
            return AssociateRouteTableResponse.builder().associationId(associationId).build();
        });
    }

    @Override
    public DisassociateRouteTableResponse disassociateRouteTable(DisassociateRouteTableRequest request) {
        return faults.call("ec2:DisassociateRouteTable", () -> {
            routeTables.replaceAll((id, t) -> t.toBuilder().associations(t.associations().stream()
                    .filter(a -> !request.associationId().equals(a.routeTableAssociationId())).toList()).build());
            return DisassociateRouteTableResponse.builder().build();
        });
    }

    @Override
    public DeleteRouteTableResponse deleteRouteTable(DeleteRouteTableRequest request) {
        return faults.call("ec2:DeleteRouteTable", () -> {
            RouteTable table = routeTables.get(request.routeTableId());
            if (table == null) throw error("InvalidRouteTableID.NotFound", "The routeTable ID '" + request.routeTableId() + "' does not exist");
            if (!table.associations().isEmpty()) {
                throw error("DependencyViolation", "The routeTable '" + request.routeTableId() + "' has dependencies and cannot be deleted.");
            }
            routeTables.remove(request.routeTableId());
            return DeleteRouteTableResponse.builder().build();
        });
    }

    @Override
    public CreateSecurityGroupResponse createSecurityGroup(CreateSecurityGroupRequest request) {
        return faults.call("ec2:CreateSecurityGroup", () -> {
            requireVpc(request.vpcId());
            if (securityGroups.values().stream().anyMatch(g -> g.vpcId().equals(request.vpcId()) && g.groupName().equals(request.groupName()))) {
                throw error("InvalidGroup.Duplicate", "The security group '" + request.groupName() + "' already exists for VPC '" + request.vpcId() + "'");
            }
            String groupId = id("sg");
            securityGroups.put(groupId, SecurityGroup.builder().groupId(groupId).groupName(request.groupName()).vpcId(request.vpcId())
                    .description(request.description()).tags(tagsOf(request.tagSpecifications())).build());
            return CreateSecurityGroupResponse.builder().groupId(groupId).build();
        });
    }

    @Override
    public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request) {
        return DescribeSecurityGroupsResponse.builder().securityGroups(filtered(securityGroups.values(), request.filters(),
                group -> name -> switch (name) {
                    case "vpc-id" -> List.of(group.vpcId());
                    case "group-name" -> List.of(group.groupName());
                    default -> tagValues(group.tags(), name);
                })).build();
    }

    @Override
    public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest request) {
        return faults.call("ec2:AuthorizeSecurityGroupIngress", () -> {
            SecurityGroup group = securityGroups.get(request.groupId());
            if (group == null) throw error("InvalidGroup.NotFound", "The security group '" + request.groupId() + "' does not exist");
            List<IpPermission> permissions = new ArrayList<>(group.ipPermissions());
            for (IpPermission added : request.ipPermissions()) {
                if (permissions.stream().anyMatch(p -> samePorts(p, added) && p.ipRanges().equals(added.ipRanges())
                        && p.userIdGroupPairs().stream().map(UserIdGroupPair::groupId).toList()
                                .equals(added.userIdGroupPairs().stream().map(UserIdGroupPair::groupId).toList()))) {
                    throw error("InvalidPermission.Duplicate", "the specified rule already exists");
                }
                permissions.add(added);
            }
            securityGroups.put(group.groupId(), group.toBuilder().ipPermissions(permissions).build());
            return AuthorizeSecurityGroupIngressResponse.builder().returnValue(true).build();
        });
    }

    private static boolean samePorts(IpPermission a, IpPermission b) {
        return java.util.Objects.equals(a.fromPort(), b.fromPort()) && java.util.Objects.equals(a.toPort(), b.toPort())
                && java.util.Objects.equals(a.ipProtocol(), b.ipProtocol());
    }

    @Override
    public DeleteSecurityGroupResponse deleteSecurityGroup(DeleteSecurityGroupRequest request) {
        return faults.call("ec2:DeleteSecurityGroup", () -> {
            if (!securityGroups.containsKey(request.groupId())) {
                throw error("InvalidGroup.NotFound", "The security group '" + request.groupId() + "' does not exist");
            }
            refuseWhileDraining(1, request.groupId(), "security group");
            securityGroups.remove(request.groupId());
            return DeleteSecurityGroupResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {
    }
}
