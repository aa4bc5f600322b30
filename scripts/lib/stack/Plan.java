import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What provision or teardown will do, computed from what was described and nothing else, so that
 * tests check every decision without AWS. Findings are risks worth a human's attention (a port
 * open to the internet); blockers stop provision before it changes anything.
 */
record Plan(List<Step> steps, List<String> findings, List<String> blockers) {

    static final String PENDING_DATABASE_HOST = "pending.invalid";

    /** This plan with more steps after its own (the remote builder's). */
    Plan with(List<Step> more) {
        List<Step> all = new ArrayList<>(steps);
        all.addAll(more);
        return new Plan(List.copyOf(all), findings, blockers);
    }

    Step step(Kind kind) {
        return steps.stream().filter(s -> s.kind() == kind).findFirst().orElse(null);
    }

    boolean does(Kind kind, Action action) {
        Step step = step(kind);
        return step != null && step.action() == action;
    }

    /** CREATE or UPDATE: the apply has something to do for this resource. */
    boolean changes(Kind kind) {
        return does(kind, Action.CREATE) || does(kind, Action.UPDATE);
    }

    List<Step> changes() {
        return steps.stream().filter(s -> s.action() == Action.CREATE || s.action() == Action.UPDATE
                || s.action() == Action.DELETE).toList();
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>(steps.stream().map(Step::line).toList());
        findings.forEach(f -> lines.add(String.format("%-8s %s", "finding", f)));
        return lines;
    }

    /** A step as --json shows it, fields in a stable order. */
    record StepJson(String resource, String name, String action, List<String> notes) {
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("steps", steps.stream().map(s -> new StepJson(s.kind().label, s.name(), s.action().word, s.notes())).toList());
        json.put("findings", findings);
        return json;
    }

    /** The provision plan: every resource of the stack, compared with what labs wants. */
    static Plan provision(StackSpec spec, Observed observed, List<String> zones) {
        return new ProvisionPlanner(spec, observed, zones).plan();
    }

    /**
     * The teardown plan, in reverse dependency order. keepData keeps the database, its secret and
     * the network it lives in. The deploy role goes only when tagged with this prefix; the
     * account-wide OIDC provider always stays.
     */
    static Plan teardown(Names names, Observed observed, boolean keepData) {
        List<Step> steps = new ArrayList<>();
        for (AppService service : AppService.values()) {
            Observed.EcsService existing = observed.services().get(service);
            if (existing != null && "ACTIVE".equals(existing.status())) steps.add(delete(Kind.service(service), names.service(service)));
        }
        for (AppService service : AppService.values()) {
            if (observed.taskDefinitions().containsKey(service) || observed.deregisteredTaskDefinitions().contains(service)) {
                steps.add(new Step(Kind.taskDefinition(service), names.taskFamily(service), Action.DELETE,
                        List.of("every revision deregistered and deleted")));
            }
        }
        if (observed.clusterActive()) steps.add(delete(Kind.CLUSTER, names.cluster()));
        if (observed.cache() != null) steps.add(delete(Kind.CACHE, observed.cache().id()));
        if (observed.database() != null) steps.add(keepOrDelete(Kind.DATABASE, names.dbInstance(), keepData));
        if (observed.deployRole() != null) {
            boolean ours = names.prefix().equals(observed.deployRole().prefixTag());
            steps.add(new Step(Kind.DEPLOY_ROLE, names.githubDeployRole(), ours ? Action.DELETE : Action.KEEP,
                    ours ? List.of() : List.of("not tagged labs:prefix=" + names.prefix() + ", so not this stack's to delete")));
        }
        if (observed.taskRole() != null) steps.add(delete(Kind.TASK_ROLE, names.taskRole()));
        if (observed.executionRole() != null) steps.add(delete(Kind.EXECUTION_ROLE, names.executionRole()));
        if (observed.databaseUrl() != null) steps.add(keepOrDelete(Kind.DATABASE_URL, names.databaseUrlSecret(), keepData));
        if (observed.djangoSecretKey() != null) steps.add(delete(Kind.DJANGO_SECRET_KEY, names.djangoSecretKeySecret()));
        for (AppService service : AppService.values()) {
            if (observed.logGroups().containsKey(service)) steps.add(delete(Kind.logs(service), names.logGroup(service)));
        }
        if (observed.repository() != null) {
            steps.add(new Step(Kind.REPOSITORY, names.ecrRepository(), Action.DELETE, List.of("with all its images")));
        }
        if (observed.cacheSubnetGroup() != null) steps.add(delete(Kind.CACHE_SUBNET_GROUP, names.cacheSubnetGroup()));
        if (observed.dbSubnetGroup() != null) steps.add(keepOrDelete(Kind.DB_SUBNET_GROUP, names.dbSubnetGroup(), keepData));
        if (observed.securityGroup() != null) steps.add(keepOrDelete(Kind.SECURITY_GROUP, names.securityGroup(), keepData));
        if (observed.routeTable() != null) steps.add(keepOrDelete(Kind.ROUTE_TABLE, names.routeTable(), keepData));
        if (observed.gateway() != null) steps.add(keepOrDelete(Kind.INTERNET_GATEWAY, names.internetGateway(), keepData));
        for (Observed.Subnet subnet : observed.subnets()) {
            steps.add(keepOrDelete(subnet.number() == 1 ? Kind.SUBNET_1 : Kind.SUBNET_2, names.publicSubnet(subnet.number()),
                    keepData));
        }
        if (observed.vpc() != null) steps.add(keepOrDelete(Kind.VPC, names.vpc(), keepData));
        if (observed.oidcProviderArn() != null) {
            steps.add(new Step(Kind.OIDC_PROVIDER, Policies.GITHUB_OIDC_HOST, Action.KEEP,
                    List.of("account-wide, other stacks and repositories may use it")));
        }
        return new Plan(steps, List.of(), List.of());
    }

    private static Step delete(Kind kind, String name) {
        return new Step(kind, name, Action.DELETE, List.of());
    }

    private static Step keepOrDelete(Kind kind, String name, boolean keepData) {
        return new Step(kind, name, keepData ? Action.KEEP : Action.DELETE, keepData ? List.of("--keep-data") : List.of());
    }
}
