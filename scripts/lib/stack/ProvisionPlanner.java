import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Compares one stack with the spec, resource by resource. */
final class ProvisionPlanner {
    private final StackSpec spec;
    private final Names names;
    private final Observed observed;
    private final List<String> zones;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final List<String> blockers = new ArrayList<>();

    ProvisionPlanner(StackSpec spec, Observed observed, List<String> zones) {
        this.spec = spec;
        this.names = spec.names();
        this.observed = observed;
        this.zones = zones;
    }

    Plan plan() {
        vpc();
        subnet(1);
        subnet(2);
        gateway();
        routeTable();
        securityGroup();
        subnetGroup(Kind.DB_SUBNET_GROUP, names.dbSubnetGroup(), observed.dbSubnetGroup());
        subnetGroup(Kind.CACHE_SUBNET_GROUP, names.cacheSubnetGroup(), observed.cacheSubnetGroup());
        djangoSecretKey();
        databaseUrl();
        redisUrl();
        database();
        cache();
        repository();
        for (AppService service : AppService.values()) logGroup(service);
        executionRole();
        taskRole();
        github();
        cluster();
        for (AppService service : AppService.values()) taskDefinition(service);
        for (AppService service : AppService.values()) service(service);
        return new Plan(List.copyOf(steps), List.copyOf(findings), List.copyOf(blockers));
    }

    /**
     * fixes are brought in line when labs manages the resource, and only reported when it was
     * built by hand; differences are always only reported.
     */
    private void compare(Kind kind, String name, boolean managed, List<String> fixes, List<String> differences) {
        if (managed && !fixes.isEmpty()) {
            steps.add(new Step(kind, name, Action.UPDATE, fixes));
            if (!differences.isEmpty()) findings.add(kind.label + " " + name + " differs from labs: " + String.join("; ", differences));
            return;
        }
        List<String> reported = new ArrayList<>(differences);
        reported.addAll(fixes);
        steps.add(new Step(kind, name, reported.isEmpty() ? Action.EXISTS : Action.DIFFERS, reported));
    }

    private void create(Kind kind, String name, String... notes) {
        steps.add(new Step(kind, name, Action.CREATE, List.of(notes)));
    }

    private void vpc() {
        Observed.Vpc vpc = observed.vpc();
        if (vpc == null) {
            create(Kind.VPC, names.vpc(), StackSpec.VPC_CIDR + ", DNS support and hostnames");
            return;
        }
        List<String> fixes = new ArrayList<>();
        if (!vpc.dnsSupport()) fixes.add("turn on DNS support");
        if (!vpc.dnsHostnames()) fixes.add("turn on DNS hostnames");
        List<String> differences = new ArrayList<>();
        if (!StackSpec.VPC_CIDR.equals(vpc.cidr())) differences.add("CIDR " + vpc.cidr() + " (labs: " + StackSpec.VPC_CIDR + ")");
        compare(Kind.VPC, names.vpc(), vpc.managed(), fixes, differences);
    }

    private void subnet(int number) {
        Kind kind = number == 1 ? Kind.SUBNET_1 : Kind.SUBNET_2;
        Observed.Subnet subnet = observed.subnet(number);
        String cidr = StackSpec.subnetCidr(number);
        if (subnet == null) {
            String zone = zoneFor(number, observed, zones);
            create(kind, names.publicSubnet(number), cidr + " in " + (zone == null ? "?" : zone) + ", public IPs on launch");
            if (zone == null) {
                blockers.add("Fewer than two availability zones of " + spec.region() + " offer " + spec.dbInstanceClass()
                        + " for PostgreSQL: choose another labs.db.instance-class or region");
            }
            return;
        }
        List<String> fixes = new ArrayList<>();
        if (!subnet.publicIpOnLaunch()) fixes.add("turn on public IPs on launch");
        List<String> differences = new ArrayList<>();
        if (!cidr.equals(subnet.cidr())) differences.add("CIDR " + subnet.cidr() + " (labs: " + cidr + ")");
        compare(kind, names.publicSubnet(number), subnet.managed(), fixes, differences);
    }

    /** The zone of a new subnet: the first candidate zones in order, never the other subnet's zone. */
    static String zoneFor(int number, Observed observed, List<String> zones) {
        Observed.Subnet other = observed.subnet(3 - number);
        if (other == null) return zones.size() >= number ? zones.get(number - 1) : null;
        return zones.stream().filter(zone -> !zone.equals(other.zone())).findFirst().orElse(null);
    }

    private void gateway() {
        Observed.Gateway gateway = observed.gateway();
        if (gateway == null) {
            create(Kind.INTERNET_GATEWAY, names.internetGateway(), "attached to " + names.vpc());
            return;
        }
        List<String> fixes = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        if (gateway.attachedVpcId() == null) fixes.add("attach to " + names.vpc());
        else if (observed.vpc() == null || !gateway.attachedVpcId().equals(observed.vpc().id())) {
            differences.add("attached to another VPC (" + gateway.attachedVpcId() + ")");
        }
        compare(Kind.INTERNET_GATEWAY, names.internetGateway(), gateway.managed(), fixes, differences);
    }

    private void routeTable() {
        Observed.RouteTable table = observed.routeTable();
        if (table == null) {
            create(Kind.ROUTE_TABLE, names.routeTable(), "0.0.0.0/0 to the internet gateway, associated with both subnets");
            return;
        }
        List<String> fixes = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        String gatewayId = observed.gateway() == null ? null : observed.gateway().id();
        if (table.defaultRouteGatewayId() == null) fixes.add("add the default route to the internet gateway");
        else if (!table.defaultRouteGatewayId().equals(gatewayId)) {
            differences.add("default route goes to " + table.defaultRouteGatewayId());
        }
        for (int number = 1; number <= 2; number++) {
            Observed.Subnet subnet = observed.subnet(number);
            if (subnet == null || !table.associatedSubnetIds().contains(subnet.id())) {
                fixes.add("associate " + names.publicSubnet(number));
            }
        }
        compare(Kind.ROUTE_TABLE, names.routeTable(), table.managed(), fixes, differences);
    }

    private void securityGroup() {
        Observed.SecurityGroup group = observed.securityGroup();
        if (group == null) {
            create(Kind.SECURITY_GROUP, names.securityGroup(), "port " + spec.webPort() + " from anywhere; "
                    + StackSpec.POSTGRES_PORT + " and " + StackSpec.REDIS_PORT + " only from members of the group");
            return;
        }
        List<String> fixes = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (Observed.Ingress missing : SecurityRules.missing(group, spec.webPort())) {
            boolean coveredByInternetRule = group.ingress().stream()
                    .anyMatch(i -> i.fromInternet() && i.covers(missing.fromPort()));
            String text = "allow " + missing.fromPort() + " from " + (missing.source().equals(group.id()) ? "the group" : missing.source());
            if (group.managed()) fixes.add(text);
            else if (!coveredByInternetRule) differences.add("no rule to " + text);
        }
        for (Observed.Ingress open : SecurityRules.openToInternet(group)) {
            String service = open.covers(StackSpec.POSTGRES_PORT) ? "PostgreSQL " + StackSpec.POSTGRES_PORT : "Redis " + StackSpec.REDIS_PORT;
            findings.add("security group " + names.securityGroup() + " (" + group.id() + ") opens " + service
                    + " to the internet (" + open.source() + "); labs opens it only to members of the group. Close it with: "
                    + "aws ec2 revoke-security-group-ingress --group-id " + group.id() + " --protocol tcp --port "
                    + (open.fromPort() == open.toPort() ? open.fromPort() : open.fromPort() + "-" + open.toPort())
                    + " --cidr " + open.source());
        }
        compare(Kind.SECURITY_GROUP, names.securityGroup(), group.managed(), fixes, differences);
    }

    private void subnetGroup(Kind kind, String name, Observed.SubnetGroup group) {
        if (group == null) {
            create(kind, name, names.publicSubnet(1) + " and " + names.publicSubnet(2));
            return;
        }
        List<String> differences = new ArrayList<>();
        Set<String> subnetIds = observed.subnets().stream().map(Observed.Subnet::id).collect(Collectors.toSet());
        if (!subnetIds.isEmpty() && !group.subnetIds().equals(subnetIds)) differences.add("other subnets " + group.subnetIds());
        compare(kind, name, false, List.of(), differences);
    }

    private static final String RESTORE = "restore: scheduled for deletion by a teardown, within its recovery window";

    private void djangoSecretKey() {
        if (observed.djangoSecretKey() == null) {
            create(Kind.DJANGO_SECRET_KEY, names.djangoSecretKeySecret(), "generated Django secret key");
        } else if (observed.djangoSecretKey().scheduledForDeletion()) {
            steps.add(new Step(Kind.DJANGO_SECRET_KEY, names.djangoSecretKeySecret(), Action.UPDATE, List.of(RESTORE)));
        } else {
            compare(Kind.DJANGO_SECRET_KEY, names.djangoSecretKeySecret(), false, List.of(), List.of());
        }
    }

    private void databaseUrl() {
        Observed.Secret secret = observed.databaseUrl();
        Observed.Database database = observed.database();
        String name = names.databaseUrlSecret();
        if (secret == null) {
            if (database == null) create(Kind.DATABASE_URL, name, "generated master password, endpoint once the database is up");
            else create(Kind.DATABASE_URL, name, "the master password of " + database.id()
                    + " is reset, since no secret holds the current one");
            if (database != null && !"available".equals(database.status()) && !"deleting".equals(database.status())) {
                blockers.add("The secret " + name + " is missing and " + database.id() + " is " + database.status()
                        + ": RDS resets the master password only of an available instance; start it (aws rds start-db-instance "
                        + "--db-instance-identifier " + database.id() + ") or wait, then run provision again");
            }
            return;
        }
        List<String> fixes = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        if (secret.scheduledForDeletion()) fixes.add(RESTORE);
        else if (Plan.PENDING_DATABASE_HOST.equals(secret.host())) fixes.add("fill in the database endpoint");
        if (secret.masterPasswordResetPending() && database != null) {
            fixes.add("finish resetting the master password of " + database.id() + " to the one this secret holds "
                    + "(an earlier provision stopped before RDS took it)");
        }
        else if (database != null && database.host() != null && !database.host().equals(secret.host())) {
            differences.add("points to " + secret.host() + ", the instance's endpoint is " + database.host());
        }
        steps.add(new Step(Kind.DATABASE_URL, name, !fixes.isEmpty() ? Action.UPDATE
                : differences.isEmpty() ? Action.EXISTS : Action.DIFFERS, fixes.isEmpty() ? differences : fixes));
    }

    /** Whether the stack's Redis is (or will be, once created) one with TLS and AUTH, whose URL is a secret. */
    static boolean redisHasAuth(Observed observed) {
        return observed.cache() == null || observed.cache().tlsAndAuth();
    }

    /**
     * The secret with REDIS_URL of a Redis with TLS and AUTH, the only copy of its AUTH token: stored
     * before the cache is created (a placeholder host until it has an endpoint), like DATABASE_URL.
     */
    private void redisUrl() {
        Observed.Cache cache = observed.cache();
        Observed.Secret secret = observed.redisUrl();
        String name = names.redisUrlSecret();
        if (redisHasAuth(observed)) {
            spec.environment().forEach((variable, value) -> {
                if (value.contains("${redis.url}")) {
                    blockers.add("env." + variable + " in labs.properties uses ${redis.url}, which a Redis with TLS and AUTH does "
                            + "not have in plain text (its URL holds the AUTH token): read REDIS_URL, which labs injects as a secret");
                }
            });
        }
        if (!redisHasAuth(observed)) {
            if (secret != null) steps.add(new Step(Kind.REDIS_URL, name, Action.DIFFERS, List.of("not used: " + cache.id()
                    + " has no AUTH (see the finding)")));
            return;
        }
        if (secret == null) {
            if (cache == null) {
                create(Kind.REDIS_URL, name, "generated AUTH token; REDIS_URL and CELERY_BROKER_URL as rediss:// with "
                        + RedisUrl.OPTIONS + ", endpoint once the cache is up");
            } else {
                blockers.add("The Redis " + cache.id() + " requires AUTH and the secret " + name + ", which holds its token, is "
                        + "missing: store rediss://:TOKEN@" + cache.host() + ":" + StackSpec.REDIS_PORT + "/0?" + RedisUrl.OPTIONS
                        + " in a secret of that name (aws secretsmanager create-secret --name " + name + " --secret-string file://url),"
                        + " or delete the cache (aws elasticache delete-replication-group --replication-group-id " + cache.id()
                        + ") and run provision again");
            }
            return;
        }
        List<String> fixes = new ArrayList<>();
        if (secret.scheduledForDeletion()) fixes.add(RESTORE);
        if (cache == null) fixes.add("the endpoint of the new cache once it is up");
        else if (RedisUrl.PENDING_HOST.equals(secret.host())) fixes.add("fill in the cache endpoint");
        else if (cache.host() != null && secret.host() != null && !cache.host().equals(secret.host())) {
            fixes.add("point to " + cache.host() + ", the endpoint of " + cache.id());
        }
        steps.add(new Step(Kind.REDIS_URL, name, fixes.isEmpty() ? Action.EXISTS : Action.UPDATE, fixes));
    }

    private void database() {
        Observed.Database db = observed.database();
        if (db == null) {
            create(Kind.DATABASE, names.dbInstance(), "PostgreSQL " + StackSpec.POSTGRES_MAJOR_VERSION + ", "
                    + spec.dbInstanceClass() + ", " + StackSpec.DB_STORAGE_GB + " GB " + StackSpec.DB_STORAGE_TYPE
                    + ", single AZ, not public, encrypted, backups kept " + days(spec.backupRetentionDays()));
            return;
        }
        if ("deleting".equals(db.status())) {
            blockers.add("The RDS instance " + db.id() + " is being deleted (did a teardown run?): wait until it is gone, "
                    + "then run provision again");
        }
        List<String> differences = new ArrayList<>();
        if (!db.engineVersion().startsWith(StackSpec.POSTGRES_MAJOR_VERSION + ".")) {
            differences.add("PostgreSQL " + db.engineVersion() + " (labs: " + StackSpec.POSTGRES_MAJOR_VERSION + ")");
        }
        differ(differences, "class", db.instanceClass(), spec.dbInstanceClass());
        differ(differences, "storage GB", db.allocatedStorage(), StackSpec.DB_STORAGE_GB);
        differ(differences, "storage type", db.storageType(), StackSpec.DB_STORAGE_TYPE);
        if (db.multiAz()) differences.add("multi-AZ (labs: single AZ)");
        if (db.publiclyAccessible()) differences.add("publicly accessible (labs: not)");
        if (!db.storageEncrypted()) differences.add("storage not encrypted (labs: encrypted)");
        differ(differences, "backup retention days", db.backupRetentionDays(), spec.backupRetentionDays());
        compare(Kind.DATABASE, names.dbInstance(), false, List.of(), differences);
    }

    private void cache() {
        Observed.Cache cache = observed.cache();
        if (cache == null) {
            create(Kind.CACHE, names.cacheCluster(), "Redis " + StackSpec.REDIS_VERSION + ", " + spec.cacheNodeType()
                    + ", 1 node (a one-node replication group), TLS and AUTH required, encrypted at rest");
            return;
        }
        if (!cache.tlsAndAuth()) findings.add(DataStores.withoutTlsOrAuth(names, cache));
        if ("deleting".equals(cache.status())) {
            blockers.add("The ElastiCache cluster " + cache.id() + " is being deleted (did a teardown run?): wait until it is "
                    + "gone, then run provision again");
        }
        List<String> differences = new ArrayList<>();
        String major = StackSpec.REDIS_VERSION.substring(0, StackSpec.REDIS_VERSION.indexOf('.') + 1);
        if (cache.engineVersion() != null && !cache.engineVersion().startsWith(major)) {
            differences.add("Redis " + cache.engineVersion() + " (labs: " + StackSpec.REDIS_VERSION + ")");
        }
        differ(differences, "node type", cache.nodeType(), spec.cacheNodeType());
        differ(differences, "nodes", cache.nodes(), 1);
        compare(Kind.CACHE, cache.id() + (cache.replicationGroup() ? " (replication group)" : ""), false, List.of(), differences);
    }

    private void repository() {
        Observed.Repository repository = observed.repository();
        if (repository == null) {
            create(Kind.REPOSITORY, names.ecrRepository(), "scan on push, keep the last " + StackSpec.IMAGES_KEPT + " images");
            return;
        }
        List<String> fixes = new ArrayList<>();
        if (!repository.scanOnPush()) fixes.add("turn on scan on push");
        if (!Policies.same(repository.lifecyclePolicy(), Policies.lifecyclePolicy())) {
            fixes.add(repository.lifecyclePolicy() == null ? "add the lifecycle policy (keep the last "
                    + StackSpec.IMAGES_KEPT + " images)" : "replace the lifecycle policy");
        }
        compare(Kind.REPOSITORY, names.ecrRepository(), repository.managed(), fixes, List.of());
    }

    private void logGroup(AppService service) {
        Observed.LogGroup group = observed.logGroups().get(service);
        if (group == null) {
            create(Kind.logs(service), names.logGroup(service), "retention " + days(spec.logRetentionDays()));
            return;
        }
        List<String> fixes = new ArrayList<>();
        if (group.retentionDays() == null || group.retentionDays() != spec.logRetentionDays()) {
            fixes.add("retention " + days(spec.logRetentionDays()) + " (now "
                    + (group.retentionDays() == null ? "never expires" : days(group.retentionDays())) + ")");
        }
        compare(Kind.logs(service), names.logGroup(service), group.managed(), fixes, List.of());
    }

    private void executionRole() {
        Observed.Role role = observed.executionRole();
        if (role == null) {
            create(Kind.EXECUTION_ROLE, names.executionRole(), "trusts ECS tasks; AmazonECSTaskExecutionRolePolicy; reads the stack's secrets and "
                    + names.appSecrets());
            return;
        }
        List<String> fixes = new ArrayList<>(trustFixes(role, Policies.executionRoleTrust(arns())));
        if (!role.attachedPolicyArns().contains(Policies.EXECUTION_POLICY_ARN)) fixes.add("attach AmazonECSTaskExecutionRolePolicy");
        boolean secretsKnown = observed.djangoSecretKey() != null && observed.databaseUrl() != null;
        String wanted = secretsKnown ? Policies.readSecrets(observed.djangoSecretKey().arn(), observed.databaseUrl().arn(),
                names) : null;
        if (!secretsKnown || !Policies.same(role.inlinePolicies().get(names.readSecretsPolicy()), wanted)) {
            fixes.add("policy " + names.readSecretsPolicy() + ": read exactly the stack's secrets and " + names.appSecrets());
        }
        compare(Kind.EXECUTION_ROLE, names.executionRole(), isOurs(role), fixes, List.of());
    }

    private void taskRole() {
        Observed.Role role = observed.taskRole();
        if (role == null) {
            create(Kind.TASK_ROLE, names.taskRole(), "trusts ECS tasks; no policies");
            return;
        }
        List<String> differences = new ArrayList<>();
        if (!role.attachedPolicyArns().isEmpty() || !role.inlinePolicies().isEmpty()) {
            List<String> policies = new ArrayList<>(role.attachedPolicyArns());
            policies.addAll(role.inlinePolicies().keySet());
            differences.add("has policies " + policies + " (labs: none)");
        }
        compare(Kind.TASK_ROLE, names.taskRole(), isOurs(role), trustFixes(role, Policies.taskRoleTrust(arns())), differences);
    }

    private void github() {
        Observed.Role role = observed.deployRole();
        if (role != null && role.prefixTag() != null && !role.prefixTag().equals(names.prefix())) {
            blockers.add("The IAM role " + names.githubDeployRole() + " belongs to the stack with prefix '" + role.prefixTag()
                    + "': give this stack its own with labs.github.deploy-role (env LABS_GITHUB_DEPLOY_ROLE)");
            return;
        }
        if (!spec.wantsDeployRole()) {
            if (role != null) compare(Kind.DEPLOY_ROLE, names.githubDeployRole(), false, List.of(), List.of());
            return;
        }
        if (observed.oidcProviderArn() == null) {
            create(Kind.OIDC_PROVIDER, Policies.GITHUB_OIDC_HOST, "audience " + Policies.GITHUB_AUDIENCE + " (account-wide)");
        } else {
            compare(Kind.OIDC_PROVIDER, Policies.GITHUB_OIDC_HOST, false, List.of(), List.of());
        }
        String who = spec.github().who();
        if (role == null) {
            create(Kind.DEPLOY_ROLE, names.githubDeployRole(), "assumable only by GitHub Actions of " + who
                    + "; deploys this stack only");
            return;
        }
        Policies.Arns arns = arns();
        List<String> fixes = new ArrayList<>(trustFixes(role, Policies.githubTrust(arns, spec.github())));
        if (!fixes.isEmpty()) fixes.set(0, "trust GitHub Actions of " + who + " only");
        if (!Policies.same(role.inlinePolicies().get(names.deployPolicy()), Policies.deploy(arns))) {
            fixes.add("policy " + names.deployPolicy() + ": what deploy needs on this stack");
        }
        compare(Kind.DEPLOY_ROLE, names.githubDeployRole(), isOurs(role), fixes, List.of());
    }

    /** Spot needs the FARGATE_SPOT capacity provider on the cluster, and FARGATE beside it; on demand needs none. */
    private void cluster() {
        boolean spot = spec.capacity() == Capacity.SPOT;
        String providers = "the capacity providers " + String.join(" and ", Capacity.FARGATE_PROVIDERS);
        if (!observed.clusterActive()) {
            if (spot) create(Kind.CLUSTER, names.cluster(), providers);
            else create(Kind.CLUSTER, names.cluster());
            return;
        }
        boolean missing = spot && !observed.clusterCapacityProviders().containsAll(Capacity.FARGATE_PROVIDERS);
        compare(Kind.CLUSTER, names.cluster(), missing, missing ? List.of("add " + providers + " (labs.capacity=spot)") : List.of(),
                List.of());
    }

    private void taskDefinition(AppService service) {
        Kind kind = Kind.taskDefinition(service);
        String revision = observed.taskDefinitions().get(service);
        if (revision == null) {
            create(kind, names.taskFamily(service), "command " + TaskDefinitions.command(service) + ", 0.5 vCPU, 1 GiB, Linux/"
                    + spec.cpuArchitecture() + ", secrets by reference");
        } else if (redisHasAuth(observed) && !observed.redisFromSecret().contains(service)) {
            steps.add(new Step(kind, names.taskFamily(service), Action.UPDATE, List.of("a revision after "
                    + revision.substring(revision.lastIndexOf(':') + 1) + " that reads REDIS_URL and CELERY_BROKER_URL from "
                    + names.redisUrlSecret() + " (deploy rolls it out)")));
        } else {
            steps.add(new Step(kind, names.taskFamily(service), Action.EXISTS,
                    List.of("revision " + revision.substring(revision.lastIndexOf(':') + 1))));
        }
    }

    private void service(AppService service) {
        Kind kind = Kind.service(service);
        Observed.EcsService existing = observed.services().get(service);
        TaskDefinitions.Deployment deployment = TaskDefinitions.deployment(service);
        if (existing == null) {
            String image = observed.repository() == null ? null : observed.repository().newestImageTag();
            create(kind, names.service(service), spec.capacity().label + ", public IP, circuit breaker with rollback, deployments "
                    + deployment.minimumHealthyPercent() + "-" + deployment.maximumPercent() + "%, "
                    + (image == null ? "0 tasks until deploy pushes an image" : "1 task of image " + image));
            return;
        }
        List<String> differences = new ArrayList<>();
        if (existing.minimumHealthyPercent() != deployment.minimumHealthyPercent()
                || existing.maximumPercent() != deployment.maximumPercent()) {
            differences.add("deployments " + existing.minimumHealthyPercent() + "-" + existing.maximumPercent() + "% (labs: "
                    + deployment.minimumHealthyPercent() + "-" + deployment.maximumPercent() + "%)");
            if (service == AppService.WORKER && existing.maximumPercent() > 100) {
                findings.add("ECS service " + names.service(service) + " may run two workers during a deploy (maximum "
                        + existing.maximumPercent() + "%): two Celery beat schedulers fire every job twice");
            }
        }
        if (!existing.circuitBreaker() || !existing.rollback()) differences.add("no deployment circuit breaker with rollback");
        if (!existing.publicIp()) differences.add("tasks get no public IP");
        // labs.capacity is the user's choice: a service built by hand moves too
        List<String> fixes = existing.capacity() == spec.capacity() ? List.of()
                : List.of("move to " + spec.capacity().label + " (runs on " + runsOn(existing) + "; labs.capacity="
                        + spec.capacity().value + "): a new deployment");
        compare(kind, names.service(service), !fixes.isEmpty(), fixes, differences);
    }

    private static String runsOn(Observed.EcsService service) {
        if (service.capacity() != null) return service.capacity().label;
        if (!service.strategyProviders().isEmpty()) return "the capacity providers " + String.join(", ", service.strategyProviders());
        return service.launchType() == null ? "the cluster's default capacity provider strategy" : "the launch type " + service.launchType();
    }

    private Policies.Arns arns() {
        return Policies.Arns.of(names, spec.region(), observed.account());
    }

    private List<String> trustFixes(Observed.Role role, String wantedTrust) {
        return Policies.same(role.trustPolicy(), wantedTrust) ? List.of() : List.of("replace the trust policy");
    }

    private boolean isOurs(Observed.Role role) {
        return names.prefix().equals(role.prefixTag());
    }

    private static void differ(List<String> differences, String what, Object actual, Object wanted) {
        if (!String.valueOf(wanted).equals(String.valueOf(actual))) differences.add(what + " " + actual + " (labs: " + wanted + ")");
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }
}
