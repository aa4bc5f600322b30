import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * Every call labs makes to EC2: the stack's network, found by Name tag (ignoring a resource tagged
 * for another prefix), created with labs' tags, deleted with retries while Fargate network
 * interfaces drain; and the public IPs of the tasks' network interfaces.
 */
final class Ec2 {
    /** How often a delete is retried while network interfaces drain, and for how long. */
    private static final Duration DRAIN_RETRY = Duration.ofSeconds(15);
    private static final Duration DRAIN_PATIENCE = Duration.ofMinutes(10);

    private final Ec2Client ec2;
    private final Names names;
    private final Ticker ticker;
    private final Console console;

    Ec2(LabsOptions labs) {
        this.ec2 = labs.aws().client(Ec2Client.class, Ec2Client::builder);
        this.names = labs.names();
        this.ticker = labs.ticker();
        this.console = labs.console();
    }

    /** DescribeNetworkInterfaces: the public IP sits on the interface's association, when it has one. */
    Map<String, String> publicIps(List<String> networkInterfaceIds) {
        if (networkInterfaceIds.isEmpty()) return Map.of();
        return ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(networkInterfaceIds)).networkInterfaces()
                .stream()
                .filter(eni -> publicIp(eni).isPresent())
                .collect(Collectors.toMap(NetworkInterface::networkInterfaceId, eni -> publicIp(eni).orElseThrow()));
    }

    private static Optional<String> publicIp(NetworkInterface eni) {
        return Optional.ofNullable(eni.association()).map(a -> a.publicIp()).filter(ip -> !ip.isBlank());
    }

    Observed.Vpc findVpc() {
        return ours(ec2.describeVpcs(r -> r.filters(named(names.vpc()))).vpcs(), Vpc::tags).map(vpc -> new Observed.Vpc(
                vpc.vpcId(), vpc.cidrBlock(), vpcAttribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT),
                vpcAttribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES), managed(vpc.tags()))).orElse(null);
    }

    private boolean vpcAttribute(String vpcId, VpcAttributeName attribute) {
        var response = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(attribute));
        AttributeBooleanValue value = attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? response.enableDnsSupport()
                : response.enableDnsHostnames();
        return value != null && Boolean.TRUE.equals(value.value());
    }

    List<Observed.Subnet> findSubnets(Observed.Vpc vpc) {
        if (vpc == null) return List.of();
        List<Observed.Subnet> subnets = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            int n = number;
            ours(ec2.describeSubnets(r -> r.filters(named(names.publicSubnet(n)), inVpc(vpc.id()))).subnets(), Subnet::tags)
                    .ifPresent(s -> subnets.add(new Observed.Subnet(n, s.subnetId(), s.cidrBlock(), s.availabilityZone(),
                            Boolean.TRUE.equals(s.mapPublicIpOnLaunch()), managed(s.tags()))));
        }
        return subnets;
    }

    /** By Name tag; a hand-built gateway with another name is still the one attached to the VPC. */
    Observed.Gateway findGateway(Observed.Vpc vpc) {
        Optional<InternetGateway> gateway = ours(ec2.describeInternetGateways(r -> r.filters(named(names.internetGateway())))
                .internetGateways(), InternetGateway::tags);
        if (gateway.isEmpty() && vpc != null) {
            gateway = ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpc.id())))
                    .internetGateways().stream().findFirst();
        }
        return gateway.map(g -> new Observed.Gateway(g.internetGatewayId(), g.attachments().stream()
                .map(a -> a.vpcId()).findFirst().orElse(null), managed(g.tags()))).orElse(null);
    }

    /** By Name tag; else the hand-built table associated with the first subnet. */
    Observed.RouteTable findRouteTable(Observed.Vpc vpc, List<Observed.Subnet> subnets) {
        if (vpc == null) return null;
        Optional<RouteTable> table = ours(ec2.describeRouteTables(r -> r.filters(named(names.routeTable()), inVpc(vpc.id())))
                .routeTables(), RouteTable::tags);
        if (table.isEmpty() && !subnets.isEmpty()) {
            table = ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", subnets.get(0).id())))
                    .routeTables().stream().findFirst();
        }
        return table.map(t -> new Observed.RouteTable(t.routeTableId(),
                t.routes().stream().filter(route -> "0.0.0.0/0".equals(route.destinationCidrBlock()))
                        .map(route -> route.gatewayId()).findFirst().orElse(null),
                associatedSubnets(t), managed(t.tags()))).orElse(null);
    }

    private static Set<String> associatedSubnets(RouteTable table) {
        Set<String> subnetIds = new HashSet<>();
        for (RouteTableAssociation association : table.associations()) {
            if (association.subnetId() != null) subnetIds.add(association.subnetId());
        }
        return subnetIds;
    }

    /** By Name tag, else by group name in the VPC. */
    Observed.SecurityGroup findSecurityGroup(Observed.Vpc vpc) {
        if (vpc == null) return null;
        Optional<SecurityGroup> group = ours(ec2.describeSecurityGroups(r -> r.filters(named(names.securityGroup()),
                inVpc(vpc.id()))).securityGroups(), SecurityGroup::tags);
        if (group.isEmpty()) {
            group = ec2.describeSecurityGroups(r -> r.filters(filter("group-name", names.securityGroup()), inVpc(vpc.id())))
                    .securityGroups().stream().filter(g -> foreignPrefix(g.tags()) == null).findFirst();
        }
        return group.map(g -> new Observed.SecurityGroup(g.groupId(), ingress(g.ipPermissions()), managed(g.tags())))
                .orElse(null);
    }

    private static List<Observed.Ingress> ingress(List<IpPermission> permissions) {
        List<Observed.Ingress> rules = new ArrayList<>();
        for (IpPermission permission : permissions) {
            boolean allPorts = "-1".equals(permission.ipProtocol()) || permission.fromPort() == null;
            int from = allPorts ? 0 : permission.fromPort();
            int to = allPorts ? 65535 : permission.toPort();
            permission.ipRanges().forEach(range -> rules.add(new Observed.Ingress(from, to, range.cidrIp())));
            permission.ipv6Ranges().forEach(range -> rules.add(new Observed.Ingress(from, to, range.cidrIpv6())));
            permission.userIdGroupPairs().forEach(pair -> rules.add(new Observed.Ingress(from, to, pair.groupId())));
        }
        return rules;
    }

    /** Available zones of the region, in name order. */
    List<String> zones() {
        return ec2.describeAvailabilityZones(r -> r.filters(filter("state", "available"))).availabilityZones().stream()
                .map(AvailabilityZone::zoneName).sorted().toList();
    }

    String createVpc() {
        String vpcId = ec2.createVpc(r -> r.cidrBlock(StackSpec.VPC_CIDR)
                .tagSpecifications(tagged(ResourceType.VPC, names.vpc()))).vpc().vpcId();
        console.detail("  created VPC " + names.vpc() + " (" + vpcId + ")");
        return vpcId;
    }

    /** ModifyVpcAttribute takes one attribute a call. */
    void enableDns(String vpcId) {
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(a -> a.value(true)));
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(a -> a.value(true)));
    }

    String createSubnet(int number, String vpcId, String zone) {
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(StackSpec.subnetCidr(number)).availabilityZone(zone)
                .tagSpecifications(tagged(ResourceType.SUBNET, names.publicSubnet(number)))).subnet().subnetId();
        console.detail("  created subnet " + names.publicSubnet(number) + " (" + subnetId + ") in " + zone);
        return subnetId;
    }

    void enablePublicIps(String subnetId) {
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId).mapPublicIpOnLaunch(a -> a.value(true)));
    }

    String createGateway() {
        String gatewayId = ec2.createInternetGateway(r -> r.tagSpecifications(
                tagged(ResourceType.INTERNET_GATEWAY, names.internetGateway()))).internetGateway().internetGatewayId();
        console.detail("  created internet gateway " + names.internetGateway() + " (" + gatewayId + ")");
        return gatewayId;
    }

    void attachGateway(String gatewayId, String vpcId) {
        ec2.attachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId));
    }

    String createRouteTable(String vpcId) {
        String tableId = ec2.createRouteTable(r -> r.vpcId(vpcId)
                .tagSpecifications(tagged(ResourceType.ROUTE_TABLE, names.routeTable()))).routeTable().routeTableId();
        console.detail("  created route table " + names.routeTable() + " (" + tableId + ")");
        return tableId;
    }

    void addDefaultRoute(String tableId, String gatewayId) {
        ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock("0.0.0.0/0").gatewayId(gatewayId));
    }

    void associate(String tableId, String subnetId) {
        ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
    }

    String createSecurityGroup(String vpcId) {
        String groupId = ec2.createSecurityGroup(r -> r.groupName(names.securityGroup()).vpcId(vpcId)
                .description("labs " + names.prefix() + ": web port from anywhere, PostgreSQL and Redis within the group")
                .tagSpecifications(tagged(ResourceType.SECURITY_GROUP, names.securityGroup()))).groupId();
        console.detail("  created security group " + names.securityGroup() + " (" + groupId + ")");
        return groupId;
    }

    void authorize(String groupId, List<Observed.Ingress> rules) {
        if (rules.isEmpty()) return;
        List<IpPermission> permissions = rules.stream().map(rule -> {
            IpPermission.Builder permission = IpPermission.builder().ipProtocol("tcp").fromPort(rule.fromPort()).toPort(rule.toPort());
            if (rule.source().startsWith("sg-")) {
                permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(rule.source()).description("members of the group").build());
            } else {
                permission.ipRanges(IpRange.builder().cidrIp(rule.source()).description("anyone").build());
            }
            return permission.build();
        }).toList();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions));
    }

    void deleteSecurityGroup(String groupId) {
        whileInterfacesDrain("security group " + names.securityGroup(), () -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
    }

    void deleteRouteTable(String tableId) {
        RouteTable table = ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().get(0);
        for (RouteTableAssociation association : table.associations()) {
            if (!Boolean.TRUE.equals(association.main())) {
                ec2.disassociateRouteTable(r -> r.associationId(association.routeTableAssociationId()));
            }
        }
        ec2.deleteRouteTable(r -> r.routeTableId(tableId));
    }

    void deleteGateway(Observed.Gateway gateway) {
        if (gateway.attachedVpcId() != null) {
            whileInterfacesDrain("internet gateway " + names.internetGateway(), () -> ec2.detachInternetGateway(
                    r -> r.internetGatewayId(gateway.id()).vpcId(gateway.attachedVpcId())));
        }
        ec2.deleteInternetGateway(r -> r.internetGatewayId(gateway.id()));
    }

    void deleteSubnet(int number, String subnetId) {
        whileInterfacesDrain("subnet " + names.publicSubnet(number), () -> ec2.deleteSubnet(r -> r.subnetId(subnetId)));
    }

    void deleteVpc(String vpcId) {
        whileInterfacesDrain("VPC " + names.vpc(), () -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
    }

    /**
     * Fargate tasks' network interfaces outlive their tasks by minutes; until they are gone, EC2
     * answers DependencyViolation (EC2 API reference, error codes). Retry for up to ten minutes.
     */
    private void whileInterfacesDrain(String what, Runnable delete) {
        Ec2Exception[] inUse = new Ec2Exception[1];
        long[] minutesReported = {0};
        Waits.poll(ticker, DRAIN_RETRY, DRAIN_PATIENCE, elapsed -> {
            try {
                delete.run();
                return Optional.of(true);
            } catch (Ec2Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (!"DependencyViolation".equals(code)) throw e;
                if (inUse[0] == null) {
                    console.info("  " + what + " is still in use (network interfaces draining); retrying");
                } else if (elapsed.toMinutes() > minutesReported[0]) {
                    console.info("  still waiting to delete " + what + " (" + Console.elapsed(elapsed) + ")");
                    minutesReported[0] = elapsed.toMinutes();
                }
                inUse[0] = e;
                return Optional.empty();
            }
        }, elapsed -> {
            throw inUse[0];
        });
    }

    /** The resource with labs' tag for this prefix, else one built by hand; never one of another prefix. */
    private <T> Optional<T> ours(List<T> candidates, Function<T, List<Tag>> tags) {
        return candidates.stream().filter(c -> managed(tags.apply(c))).findFirst()
                .or(() -> candidates.stream().filter(c -> foreignPrefix(tags.apply(c)) == null).findFirst());
    }

    private boolean managed(List<Tag> tags) {
        return tags.stream().anyMatch(t -> names.isOwnTag(t.key(), t.value()));
    }

    private String foreignPrefix(List<Tag> tags) {
        return tags.stream().filter(t -> Names.PREFIX_TAG.equals(t.key()) && !names.prefix().equals(t.value()))
                .map(Tag::value).findFirst().orElse(null);
    }

    private TagSpecification tagged(ResourceType type, String name) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key("Name").value(name).build());
        names.tags().forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    private static Filter named(String name) {
        return filter("tag:Name", name);
    }

    private static Filter inVpc(String vpcId) {
        return filter("vpc-id", vpcId);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
