import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plans are pure functions of what was described: checked here without any AWS fake. */
class PlanTest {
    private static final Names NAMES = new Names("labs-jj", "commcare-connect", "github-actions-labs-deploy");
    private static final StackSpec SPEC = new StackSpec(NAMES, "eu-west-1", "db.t3.micro", 1, "cache.t3.micro", 14,
            "true", Map.of(), 8000,
            new GithubDeployer("dimagi/commcare-connect", null, null, null, null), Capacity.ON_DEMAND, "X86_64");
    private static final List<String> ZONES = List.of("eu-west-1b", "eu-west-1c");

    private static Observed empty() {
        return new Observed("123456789012", null, List.of(), null, null, null, null, null, null, null, null, Map.of(), null,
                null, null, null, null, null, null, false, Map.of(), Set.of(), Set.of(), Map.of(), List.of());
    }

    private static Observed withNetwork(Observed.SecurityGroup group, Map<AppService, Observed.LogGroup> logs) {
        Observed.Vpc vpc = new Observed.Vpc("vpc-1", "10.0.0.0/16", true, true, false);
        List<Observed.Subnet> subnets = List.of(new Observed.Subnet(1, "subnet-1", "10.0.1.0/24", "eu-west-1b", true, false),
                new Observed.Subnet(2, "subnet-2", "10.0.2.0/24", "eu-west-1c", true, false));
        return new Observed("123456789012", vpc, subnets, new Observed.Gateway("igw-1", "vpc-1", false),
                new Observed.RouteTable("rtb-1", "igw-1", Set.of("subnet-1", "subnet-2"), false), group, null, null, null, null,
                null, logs, null, null, null, null, null, null, null, false, Map.of(), Set.of(), Set.of(), Map.of(), List.of());
    }

    @Test
    void anEmptyAccountPlansEveryResourceInDependencyOrder() {
        Plan plan = Plan.provision(SPEC, empty(), ZONES);
        // the remote builder's and the schedules' steps come from RemoteBuilder.plan and Schedules.plan (provision adds them);
        // sleep makes its role and schedule, not provision
        assertEquals(java.util.Arrays.stream(Kind.values()).filter(k -> !k.name().startsWith("BUILD_") && !Schedules.KINDS.contains(k))
                .filter(k -> k != Kind.SLEEP_ROLE && k != Kind.SLEEP_SCHEDULE).toList(),
                plan.steps().stream().map(Step::kind).toList());
        assertTrue(plan.steps().stream().allMatch(s -> s.action() == Action.CREATE));
        assertTrue(plan.step(Kind.SUBNET_2).line().contains("10.0.2.0/24 in eu-west-1c"), plan.step(Kind.SUBNET_2)::line);
        assertTrue(plan.blockers().isEmpty());
    }

    @Test
    void withoutAGithubRepositoryNoDeployRoleIsPlanned() {
        StackSpec noGithub = new StackSpec(NAMES, "eu-west-1", "db.t3.micro", 1, "cache.t3.micro", 14, null, Map.of(), 8000, null,
                Capacity.ON_DEMAND, "X86_64");
        Plan plan = Plan.provision(noGithub, empty(), ZONES);
        assertEquals(null, plan.step(Kind.DEPLOY_ROLE));
        assertEquals(null, plan.step(Kind.OIDC_PROVIDER));
    }

    @Test
    void tooFewZonesBlockTheApply() {
        Plan plan = Plan.provision(SPEC, empty(), List.of("eu-west-1b"));
        assertEquals(1, plan.blockers().size(), plan.blockers()::toString);
    }

    @Test
    void aSecondSubnetGoesToAnotherZoneThanTheFirst() {
        Observed observed = withNetwork(null, Map.of());
        Observed oneSubnet = new Observed(observed.account(), observed.vpc(), List.of(observed.subnet(2)), null, null, null, null, null,
                null, null, null, Map.of(), null, null, null, null, null, null, null, false, Map.of(), Set.of(), Set.of(), Map.of(), List.of());
        assertEquals("eu-west-1b", ProvisionPlanner.zoneFor(1, oneSubnet, List.of("eu-west-1c", "eu-west-1b")));
    }

    @Test
    void databasePortsOpenToTheWorldAreFindingsNotChanges() {
        Observed.SecurityGroup open = new Observed.SecurityGroup("sg-1", List.of(new Observed.Ingress(8000, 8000, "0.0.0.0/0"),
                new Observed.Ingress(5432, 5432, "0.0.0.0/0"), new Observed.Ingress(6379, 6379, "::/0")), false);
        Plan plan = Plan.provision(SPEC, withNetwork(open, Map.of()), ZONES);
        assertEquals(Action.EXISTS, plan.step(Kind.SECURITY_GROUP).action());
        assertEquals(2, plan.findings().size(), plan.findings()::toString);
        assertTrue(plan.findings().get(1).contains("Redis 6379 to the internet (::/0)"), plan.findings()::toString);
    }

    @Test
    void aRangeOfAllPortsOpenToTheWorldIsAFindingToo() {
        Observed.SecurityGroup open = new Observed.SecurityGroup("sg-1", List.of(new Observed.Ingress(0, 65535, "0.0.0.0/0")), false);
        Plan plan = Plan.provision(SPEC, withNetwork(open, Map.of()), ZONES);
        assertTrue(plan.findings().get(0).contains("--port 0-65535"), plan.findings()::toString);
    }

    @Test
    void aLabsMadeGroupMissingRulesIsUpdatedAHandBuiltOneOnlyReported() {
        Observed.SecurityGroup bare = new Observed.SecurityGroup("sg-1", List.of(), true);
        Plan managed = Plan.provision(SPEC, withNetwork(bare, Map.of()), ZONES);
        assertEquals(Action.UPDATE, managed.step(Kind.SECURITY_GROUP).action());
        assertEquals(List.of("allow 8000 from 0.0.0.0/0", "allow 5432 from the group", "allow 6379 from the group"),
                managed.step(Kind.SECURITY_GROUP).notes());

        Observed.SecurityGroup handBuilt = new Observed.SecurityGroup("sg-1", List.of(), false);
        Plan adopted = Plan.provision(SPEC, withNetwork(handBuilt, Map.of()), ZONES);
        assertEquals(Action.DIFFERS, adopted.step(Kind.SECURITY_GROUP).action());
    }

    @Test
    void logRetentionDriftIsFixedOnlyWhereLabsManagesTheGroup() {
        Plan plan = Plan.provision(SPEC, withNetwork(null, Map.of(
                AppService.WEB, new Observed.LogGroup("/ecs/labs-jj-web", 30, true),
                AppService.WORKER, new Observed.LogGroup("/ecs/labs-jj-worker", null, false))), ZONES);
        assertEquals(Action.UPDATE, plan.step(Kind.WEB_LOGS).action());
        assertEquals(List.of("retention 14 days (now 30 days)"), plan.step(Kind.WEB_LOGS).notes());
        assertEquals(Action.DIFFERS, plan.step(Kind.WORKER_LOGS).action());
        assertEquals(List.of("retention 14 days (now never expires)"), plan.step(Kind.WORKER_LOGS).notes());
    }

    @Test
    void teardownGoesInReverseOrderAndKeepsTheOidcProvider() {
        Observed observed = withNetwork(new Observed.SecurityGroup("sg-1", List.of(), true), Map.of());
        Observed withOidc = new Observed(observed.account(), observed.vpc(), observed.subnets(), observed.gateway(), observed.routeTable(),
                observed.securityGroup(), null, null, null, null, null, Map.of(), null, null, null, null, null, "arn:oidc", null, false,
                Map.of(), Set.of(), Set.of(), Map.of(), List.of());
        Plan plan = Plan.teardown(NAMES, withOidc, new Plan.TeardownScope(false, false, false, Set.of()));
        assertEquals(List.of(Kind.SECURITY_GROUP, Kind.ROUTE_TABLE, Kind.INTERNET_GATEWAY, Kind.SUBNET_1, Kind.SUBNET_2, Kind.VPC,
                Kind.OIDC_PROVIDER), plan.steps().stream().map(Step::kind).toList());
        assertEquals(Action.KEEP, plan.step(Kind.OIDC_PROVIDER).action());
        assertEquals(6, plan.changes().size());
    }

    @Test
    void keepDataKeepsTheNetwork() {
        Plan plan = Plan.teardown(NAMES, withNetwork(new Observed.SecurityGroup("sg-1", List.of(), true), Map.of()),
                new Plan.TeardownScope(true, false, false, Set.of()));
        assertTrue(plan.steps().stream().allMatch(s -> s.action() == Action.KEEP), plan.lines()::toString);
    }

    @Test
    void handBuiltResourcesStayUnlessIncluded() {
        Observed observed = withNetwork(new Observed.SecurityGroup("sg-1", List.of(), false), Map.of());
        Set<Kind> handBuilt = Set.of(Kind.SECURITY_GROUP, Kind.VPC);
        Plan kept = Plan.teardown(NAMES, observed, new Plan.TeardownScope(false, false, false, handBuilt));
        assertEquals(Action.KEEP, kept.step(Kind.SECURITY_GROUP).action());
        assertEquals(List.of("no labs tag (built by hand): deleted only with --include-hand-built"), kept.step(Kind.VPC).notes());
        assertEquals(Action.DELETE, kept.step(Kind.SUBNET_1).action());
        assertEquals(2, kept.keptHandBuilt().size());
        Plan included = Plan.teardown(NAMES, observed, new Plan.TeardownScope(false, false, true, handBuilt));
        assertEquals(Action.DELETE, included.step(Kind.VPC).action());
    }

    @Test
    void aDatabaseBeingDeletedBlocksProvision() {
        Observed observed = withNetwork(null, Map.of());
        Observed deleting = new Observed(observed.account(), observed.vpc(), observed.subnets(), observed.gateway(), observed.routeTable(),
                null, null, null, new Observed.Database("labs-jj-postgres", "deleting", "postgres", "15.12", "db.t3.micro", 20, "gp3",
                        false, false, true, 1, "host", 5432, "labs", "commcare_connect"), null, null, Map.of(), null, null, null, null, null, null, null, false,
                Map.of(), Set.of(), Set.of(), Map.of(), List.of());
        Plan plan = Plan.provision(SPEC, deleting, ZONES);
        assertTrue(plan.blockers().get(0).contains("is being deleted"), plan.blockers()::toString);
    }
}
