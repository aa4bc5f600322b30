import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** This plan with another's steps after its own, and its findings and blockers. */
    Plan with(Plan more) {
        List<Step> all = new ArrayList<>(steps);
        all.addAll(more.steps);
        List<String> allFindings = new ArrayList<>(findings);
        allFindings.addAll(more.findings);
        List<String> allBlockers = new ArrayList<>(blockers);
        allBlockers.addAll(more.blockers);
        return new Plan(List.copyOf(all), List.copyOf(allFindings), List.copyOf(allBlockers));
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
     * What a teardown may delete: keepData keeps the database, its secret and the network it lives
     * in; handBuilt are the resources without this prefix's labs tag, deleted only when
     * includeHandBuilt; now deletes secrets without their recovery window.
     */
    record TeardownScope(boolean keepData, boolean now, boolean includeHandBuilt, Set<Kind> handBuilt) {
        static final Set<Kind> DATA = EnumSet.of(Kind.DATABASE, Kind.DATABASE_URL, Kind.DB_SUBNET_GROUP, Kind.SECURITY_GROUP,
                Kind.ROUTE_TABLE, Kind.INTERNET_GATEWAY, Kind.SUBNET_1, Kind.SUBNET_2, Kind.VPC);
        static final String HAND_BUILT = "no labs tag (built by hand): deleted only with --include-hand-built";

        Step step(Kind kind, String name, List<String> notes) {
            if (keepData && DATA.contains(kind)) return new Step(kind, name, Action.KEEP, List.of("--keep-data"));
            if (handBuilt.contains(kind) && !includeHandBuilt) return new Step(kind, name, Action.KEEP, List.of(HAND_BUILT));
            return new Step(kind, name, Action.DELETE, notes);
        }

        /** A secret a teardown already scheduled for deletion stays so, unless now. */
        void secret(List<Step> steps, Kind kind, Observed.Secret secret) {
            if (secret == null || secret.scheduledForDeletion() && !now) return;
            steps.add(step(kind, secret.name(), List.of(now ? "at once, without a recovery window"
                    : "restorable for " + SecretsManager.RECOVERY_WINDOW_DAYS + " days (provision of this prefix restores it)")));
        }
    }

    /**
     * The teardown plan, in reverse dependency order. The deploy role goes only when tagged with
     * this prefix (its name has none); the account-wide OIDC provider always stays.
     */
    static Plan teardown(Names names, Observed observed, TeardownScope scope) {
        List<Step> steps = new ArrayList<>();
        for (AppService service : AppService.values()) {
            Observed.EcsService existing = observed.services().get(service);
            if (existing != null && "ACTIVE".equals(existing.status())) steps.add(scope.step(Kind.service(service), names.service(service), List.of()));
        }
        for (AppService service : AppService.values()) {
            if (observed.taskDefinitions().containsKey(service) || observed.deregisteredTaskDefinitions().contains(service)) {
                steps.add(scope.step(Kind.taskDefinition(service), names.taskFamily(service), List.of("every revision deregistered and deleted")));
            }
        }
        if (observed.clusterActive()) steps.add(scope.step(Kind.CLUSTER, names.cluster(), List.of()));
        if (observed.cache() != null) steps.add(scope.step(Kind.CACHE, observed.cache().id(), List.of()));
        if (observed.database() != null) {
            steps.add(scope.step(Kind.DATABASE, names.dbInstance(), List.of("a final snapshot first, unless --skip-final-snapshot")));
        }
        if (observed.deployRole() != null) {
            boolean ours = names.prefix().equals(observed.deployRole().prefixTag());
            steps.add(new Step(Kind.DEPLOY_ROLE, names.githubDeployRole(), ours ? Action.DELETE : Action.KEEP,
                    ours ? List.of() : List.of("not tagged labs:prefix=" + names.prefix() + ", so not this stack's to delete")));
        }
        if (observed.taskRole() != null) steps.add(scope.step(Kind.TASK_ROLE, names.taskRole(), List.of()));
        if (observed.executionRole() != null) steps.add(scope.step(Kind.EXECUTION_ROLE, names.executionRole(), List.of()));
        scope.secret(steps, Kind.DATABASE_URL, observed.databaseUrl());
        scope.secret(steps, Kind.REDIS_URL, observed.redisUrl());
        scope.secret(steps, Kind.DJANGO_SECRET_KEY, observed.djangoSecretKey());
        for (AppService service : AppService.values()) {
            if (observed.logGroups().containsKey(service)) steps.add(scope.step(Kind.logs(service), names.logGroup(service), List.of()));
        }
        if (observed.repository() != null) steps.add(scope.step(Kind.REPOSITORY, names.ecrRepository(), List.of("with all its images")));
        if (observed.cacheSubnetGroup() != null) steps.add(scope.step(Kind.CACHE_SUBNET_GROUP, names.cacheSubnetGroup(), List.of()));
        if (observed.dbSubnetGroup() != null) steps.add(scope.step(Kind.DB_SUBNET_GROUP, names.dbSubnetGroup(), List.of()));
        if (observed.securityGroup() != null) steps.add(scope.step(Kind.SECURITY_GROUP, names.securityGroup(), List.of()));
        if (observed.routeTable() != null) steps.add(scope.step(Kind.ROUTE_TABLE, names.routeTable(), List.of()));
        if (observed.gateway() != null) steps.add(scope.step(Kind.INTERNET_GATEWAY, names.internetGateway(), List.of()));
        for (Observed.Subnet subnet : observed.subnets()) {
            steps.add(scope.step(subnet.number() == 1 ? Kind.SUBNET_1 : Kind.SUBNET_2, names.publicSubnet(subnet.number()), List.of()));
        }
        if (observed.vpc() != null) steps.add(scope.step(Kind.VPC, names.vpc(), List.of()));
        if (observed.oidcProviderArn() != null) {
            steps.add(new Step(Kind.OIDC_PROVIDER, Policies.GITHUB_OIDC_HOST, Action.KEEP,
                    List.of("account-wide, other stacks and repositories may use it")));
        }
        return new Plan(steps, List.of(), List.of());
    }

    /** The resources kept because they were built by hand. */
    List<Step> keptHandBuilt() {
        return steps.stream().filter(s -> s.action() == Action.KEEP && s.notes().contains(TeardownScope.HAND_BUILT)).toList();
    }
}
