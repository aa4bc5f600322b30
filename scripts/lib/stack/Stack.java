import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The whole stack: what exists (observe), bringing it to the plan (apply) and removing it
 * (teardown). Decisions come from the Plan; this class only carries them out, in dependency order.
 */
final class Stack {
    private static final Duration POLL = Duration.ofSeconds(15);
    private static final Duration DATA_PATIENCE = Duration.ofMinutes(40);
    private static final Set<Kind> NEED_DATA_GONE = EnumSet.of(Kind.CACHE_SUBNET_GROUP, Kind.DB_SUBNET_GROUP,
            Kind.SECURITY_GROUP, Kind.ROUTE_TABLE, Kind.INTERNET_GATEWAY, Kind.SUBNET_1, Kind.SUBNET_2, Kind.VPC);
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    private final Names names;
    private final Console console;
    private final Ticker ticker;
    private final Ec2 network;
    private final Rds rds;
    private final ElastiCache cache;
    private final Ecr registry;
    private final CloudWatchLogs logs;
    private final SecretsManager secrets;
    private final Iam iam;
    private final Sts sts;
    private final Ecs ecs;
    private final RemoteBuilder builder;
    private final Rollout rollout;
    private final Revisions revisions;
    private final Schedules schedules;
    private final Config config;
    private final SleepResources sleepResources;
    private final String region;

    Stack(LabsOptions labs, Ticker ticker) {
        this.names = labs.names();
        this.console = labs.console();
        this.ticker = ticker;
        this.network = new Ec2(labs);
        this.rds = new Rds(labs);
        this.cache = new ElastiCache(labs);
        this.registry = new Ecr(labs);
        this.logs = new CloudWatchLogs(labs);
        this.secrets = new SecretsManager(labs);
        this.iam = new Iam(labs);
        this.sts = new Sts(labs);
        this.ecs = new Ecs(labs);
        this.builder = new RemoteBuilder(labs, iam);
        this.rollout = new Rollout(labs, ecs);
        this.revisions = rollout.revisions();
        this.schedules = new Schedules(labs, iam);
        this.config = labs.config();
        this.sleepResources = new SleepResources(labs, iam);
        this.region = labs.aws().region().id();
    }

    /** What sleep left (the schedule that stops the database, its role), for teardown's plan. */
    List<Step> planSleepTeardown() {
        return sleepResources.teardown();
    }

    /** The codebuild builder's resources: observed apart, since their names need the account. */
    RemoteBuilder.Seen observeBuilder(String account) {
        return builder.observe(account, region);
    }

    /** The builder's steps of a provision plan. */
    List<Step> planBuilder(StackSpec spec, String account, RemoteBuilder.Seen seen) {
        return RemoteBuilder.plan(names, seen, spec.logRetentionDays(), builder.wanted(account, region));
    }

    void applyBuilder(StackSpec spec, Plan plan, String account, RemoteBuilder.Seen seen) {
        console.info("Remote builder (CodeBuild)");
        builder.apply(plan, seen, spec.logRetentionDays(), builder.wanted(account, region), region);
    }

    /** The office-hours schedules: observed apart, like the builder, whether the settings ask for them or not. */
    Schedules.Seen observeSchedules() {
        return schedules.observe();
    }

    /** The schedules' steps of a provision plan: the settings' schedules, or their removal when there are none. */
    Plan planSchedules(Optional<OfficeHours> hours, String account, Schedules.Seen seen) {
        return Schedules.plan(names, seen, wantedSchedules(hours, account));
    }

    void applySchedules(Plan plan, Optional<OfficeHours> hours, String account) {
        if (plan.changes().stream().noneMatch(s -> Schedules.KINDS.contains(s.kind()))) return;
        console.info("Office-hours schedules (EventBridge Scheduler)");
        schedules.apply(plan, wantedSchedules(hours, account));
    }

    private Schedules.Wanted wantedSchedules(Optional<OfficeHours> hours, String account) {
        if (hours.isEmpty()) return null;
        Map<AppService, Integer> counts = new EnumMap<>(AppService.class);
        counts.put(AppService.WEB, config.getTaskCount(Setting.WEB_DESIRED_COUNT));
        counts.put(AppService.WORKER, config.getTaskCount(Setting.WORKER_DESIRED_COUNT));
        return Schedules.Wanted.of(names, hours.get(), Policies.Arns.of(names, region, account), counts);
    }

    Observed observe() {
        Observed.Vpc vpc = network.findVpc();
        List<Observed.Subnet> subnets = network.findSubnets(vpc);
        Map<AppService, Observed.LogGroup> logGroups = new EnumMap<>(AppService.class);
        for (AppService service : AppService.values()) {
            Observed.LogGroup group = logs.findGroup(service);
            if (group != null) logGroups.put(service, group);
        }
        boolean clusterActive = ecs.clusterExists();
        Map<AppService, String> taskDefinitions = ecs.newestTaskDefinitions();
        return new Observed(sts.account(), vpc, subnets, network.findGateway(vpc), network.findRouteTable(vpc, subnets),
                network.findSecurityGroup(vpc), rds.findDbSubnetGroup(), cache.findCacheSubnetGroup(), rds.findDatabase(),
                cache.findCache(), registry.findRepository(), logGroups,
                secrets.find(names.djangoSecretKeySecret(), null), secrets.find(names.databaseUrlSecret(), DatabaseUrl::hostOf),
                secrets.find(names.redisUrlSecret(), RedisUrl::hostOf),
                iam.findRole(names.executionRole()), iam.findRole(names.taskRole()), iam.findOidcProvider(),
                iam.findRole(names.githubDeployRole()), clusterActive, taskDefinitions, ecs.familiesWithInactiveRevisions(),
                redisFromSecret(taskDefinitions), clusterActive ? ecs.observedServices() : Map.of(),
                clusterActive ? ecs.clusterCapacityProviders() : List.of());
    }

    private Set<AppService> redisFromSecret(Map<AppService, String> taskDefinitions) {
        Set<AppService> reading = EnumSet.noneOf(AppService.class);
        taskDefinitions.forEach((service, arn) -> {
            if (RevisionEnvironment.readsRedisSecret(revisions.appContainer(ecs.revision(arn).taskDefinition()),
                    names.redisUrlSecret())) {
                reading.add(service);
            }
        });
        return reading;
    }

    /** Zones for new subnets: available ones that offer the RDS class, asked only when a subnet is missing. */
    List<String> zonesFor(StackSpec spec, Observed observed) {
        if (observed.subnets().size() == 2) return List.of();
        Set<String> offering = rds.zonesOffering(spec.dbInstanceClass());
        return network.zones().stream().filter(offering::contains).toList();
    }

    /** Carries out a provision plan; every step is safe to repeat, so a re-run finishes an interrupted one. */
    void apply(StackSpec spec, Plan plan, Observed observed, List<String> zones) {
        console.info("Network");
        NetworkIds network = network(spec, plan, observed, zones);

        console.info("Data");
        if (plan.does(Kind.DB_SUBNET_GROUP, Action.CREATE)) rds.createDbSubnetGroup(network.subnetIds());
        if (plan.does(Kind.CACHE_SUBNET_GROUP, Action.CREATE)) cache.createCacheSubnetGroup(network.subnetIds());
        restoreSecrets(observed);
        String djangoSecretKeyArn = plan.does(Kind.DJANGO_SECRET_KEY, Action.CREATE)
                ? secrets.create(names.djangoSecretKeySecret(), RandomSecrets.djangoSecretKey()) : observed.djangoSecretKey().arn();
        DatabaseSecret databaseUrl = databaseUrl(plan, observed);
        RedisSecret redisUrl = plan.step(Kind.REDIS_URL) != null && plan.step(Kind.REDIS_URL).action() != Action.DIFFERS
                ? redisUrl(plan, observed) : null;
        if (plan.does(Kind.DATABASE, Action.CREATE)) rds.createDatabase(spec, network.securityGroupId(), databaseUrl.url().decodedPassword());
        if (plan.does(Kind.CACHE, Action.CREATE)) cache.createCache(spec, network.securityGroupId(), redisUrl.url().token());

        console.info("Images, logs and permissions");
        repositoryAndLogs(spec, plan, observed);
        Policies.Arns arns = Policies.Arns.of(names, spec.region(), observed.account());
        String executionRoleArn = executionRole(plan, observed, arns, djangoSecretKeyArn, databaseUrl.arn());
        String taskRoleArn = taskRole(plan, observed, arns);
        githubDeployRole(spec, plan, observed);
        if (plan.does(Kind.CLUSTER, Action.CREATE)) {
            ecs.createCluster(spec.capacity() == Capacity.SPOT ? Capacity.FARGATE_PROVIDERS : List.of());
        }
        if (plan.does(Kind.CLUSTER, Action.UPDATE)) ecs.addCapacityProviders(Capacity.FARGATE_PROVIDERS);

        waitForData(observed, databaseUrl.pending());
        if (databaseUrl.pending()) fillInDatabaseEndpoint(databaseUrl);
        if (redisUrl != null && redisUrl.pending()) fillInRedisEndpoint(redisUrl);

        console.info("Services");
        String image = observed.repository() == null ? null : observed.repository().newestImageTag();
        TaskDefinitions.Inputs inputs = new TaskDefinitions.Inputs(image != null ? image : registry.findRepository().uri() + ":latest",
                executionRoleArn, taskRoleArn, djangoSecretKeyArn, databaseUrl.arn(), redisUrl == null ? null : redisUrl.arn(),
                redisUrl == null ? TaskDefinitions.redisUrl(cache.findCache().host()) : null);
        for (AppService service : AppService.values()) {
            String taskDefinitionArn = plan.does(Kind.taskDefinition(service), Action.CREATE)
                    ? register(TaskDefinitions.render(spec, service, inputs))
                    : plan.does(Kind.taskDefinition(service), Action.UPDATE) ? readRedisFromSecret(service, observed, redisUrl.arn())
                    : observed.taskDefinitions().get(service);
            if (plan.does(Kind.service(service), Action.CREATE)) {
                ecs.createService(service, taskDefinitionArn, image == null ? 0 : 1, network.subnetIds(), network.securityGroupId(),
                        TaskDefinitions.deploymentConfiguration(service), spec.capacity());
            }
            if (plan.does(Kind.service(service), Action.UPDATE)) ecs.moveTo(service, spec.capacity());
        }
    }

    /**
     * A new revision of the service's configuration (the live one, or the one config --no-restart
     * left for the next deploy) that reads REDIS_URL and CELERY_BROKER_URL from the secret. It waits
     * for the next deploy as config --no-restart's does; a service not created yet starts on it.
     */
    private String readRedisFromSecret(AppService service, Observed observed, String redisUrlArn) {
        boolean running = observed.services().containsKey(service);
        Revision base = running ? rollout.configured(ecs.service(service)) : ecs.revision(observed.taskDefinitions().get(service));
        String liveArn = running ? rollout.live(ecs.service(service)).arn() : null;
        Revision revision = revisions.registerChanged(base, container -> {
            ContainerDefinition changed = RevisionEnvironment.withRedisSecret(container, redisUrlArn);
            if (liveArn == null) return changed;
            Map<String, String> labels = new java.util.LinkedHashMap<>(changed.dockerLabels());
            labels.put(RevisionEnvironment.PENDING_FROM_LABEL, liveArn);
            return changed.toBuilder().dockerLabels(labels).build();
        });
        console.detail("  registered task definition " + revision.name() + ": REDIS_URL and CELERY_BROKER_URL from "
                + names.redisUrlSecret() + (running ? " (the next deploy rolls it out)" : ""));
        return revision.arn();
    }

    private String register(RegisterTaskDefinitionRequest request) {
        Revision revision = ecs.register(request);
        console.detail("  registered task definition " + revision.name());
        return revision.arn();
    }

    /** What the data stores and services are placed in. */
    private record NetworkIds(List<String> subnetIds, String securityGroupId) {
    }

    private NetworkIds network(StackSpec spec, Plan plan, Observed observed, List<String> zones) {
        String vpcId = observed.vpc() == null ? null : observed.vpc().id();
        if (plan.does(Kind.VPC, Action.CREATE)) vpcId = network.createVpc();
        if (plan.changes(Kind.VPC)) network.enableDns(vpcId);

        List<String> subnetIds = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            Kind kind = number == 1 ? Kind.SUBNET_1 : Kind.SUBNET_2;
            Observed.Subnet existing = observed.subnet(number);
            String subnetId = existing == null ? null : existing.id();
            if (plan.does(kind, Action.CREATE)) {
                subnetId = network.createSubnet(number, vpcId, ProvisionPlanner.zoneFor(number, observed, zones));
            }
            if (plan.changes(kind)) network.enablePublicIps(subnetId);
            subnetIds.add(subnetId);
        }

        String gatewayId = observed.gateway() == null ? null : observed.gateway().id();
        if (plan.does(Kind.INTERNET_GATEWAY, Action.CREATE)) gatewayId = network.createGateway();
        if (plan.changes(Kind.INTERNET_GATEWAY)) network.attachGateway(gatewayId, vpcId);

        Observed.RouteTable table = observed.routeTable();
        String tableId = table == null ? null : table.id();
        if (plan.does(Kind.ROUTE_TABLE, Action.CREATE)) tableId = network.createRouteTable(vpcId);
        if (plan.changes(Kind.ROUTE_TABLE)) {
            if (table == null || table.defaultRouteGatewayId() == null) network.addDefaultRoute(tableId, gatewayId);
            for (String subnetId : subnetIds) {
                if (table == null || !table.associatedSubnetIds().contains(subnetId)) network.associate(tableId, subnetId);
            }
        }

        Observed.SecurityGroup group = observed.securityGroup();
        if (plan.does(Kind.SECURITY_GROUP, Action.CREATE)) {
            group = new Observed.SecurityGroup(network.createSecurityGroup(vpcId), List.of(), true);
        }
        if (plan.changes(Kind.SECURITY_GROUP)) network.authorize(group.id(), SecurityRules.missing(group, spec.webPort()));
        return new NetworkIds(subnetIds, group.id());
    }

    private void repositoryAndLogs(StackSpec spec, Plan plan, Observed observed) {
        if (plan.does(Kind.REPOSITORY, Action.CREATE)) registry.createRepository();
        if (plan.changes(Kind.REPOSITORY)) {
            if (observed.repository() != null && !observed.repository().scanOnPush()) registry.scanOnPush();
            registry.putLifecyclePolicy(Policies.lifecyclePolicy());
        }
        for (AppService service : AppService.values()) {
            if (plan.does(Kind.logs(service), Action.CREATE)) logs.createGroup(service);
            if (plan.changes(Kind.logs(service))) logs.putRetention(service, spec.logRetentionDays());
        }
    }

    /** A teardown within the last week scheduled them for deletion: the same prefix takes them back as they were. */
    private void restoreSecrets(Observed observed) {
        for (Observed.Secret secret : java.util.Arrays.asList(observed.djangoSecretKey(), observed.databaseUrl(), observed.redisUrl())) {
            if (secret != null && secret.scheduledForDeletion()) secrets.restore(secret.name());
        }
    }

    /** The DATABASE_URL secret as provision needs it: ARN, password (read only when needed), and whether its host is still pending. */
    private record DatabaseSecret(String arn, DatabaseUrl url, boolean pending) {
    }

    /**
     * The secret is written before the database exists, holding the generated password and a
     * placeholder host: if provision stops before the database is up, the next run still knows
     * the password it created the instance with.
     */
    private DatabaseSecret databaseUrl(Plan plan, Observed observed) {
        String name = names.databaseUrlSecret();
        Observed.Database database = observed.database();
        if (plan.does(Kind.DATABASE_URL, Action.CREATE)) {
            String password = RandomSecrets.databasePassword();
            console.secret(password);
            String user = database == null ? names.databaseUser() : database.masterUsername();
            String databaseName = database == null || database.databaseName() == null ? names.databaseName() : database.databaseName();
            String host = database == null || database.host() == null ? Plan.PENDING_DATABASE_HOST : database.host();
            DatabaseUrl url = DatabaseUrl.of(user, password, host, databaseName);
            if (database == null) return new DatabaseSecret(secrets.create(name, url.value()), url, host.equals(Plan.PENDING_DATABASE_HOST));
            String arn = secrets.create(name, url.value(), Map.of(SecretsManager.RESET_PENDING_TAG, "pending"));
            resetMasterPassword(url);
            return new DatabaseSecret(arn, url, host.equals(Plan.PENDING_DATABASE_HOST));
        }
        boolean restored = observed.databaseUrl().scheduledForDeletion();
        boolean pending = Plan.PENDING_DATABASE_HOST.equals(observed.databaseUrl().host());
        boolean resetPending = observed.databaseUrl().masterPasswordResetPending() && database != null;
        if (!pending && !restored && !resetPending && !plan.does(Kind.DATABASE, Action.CREATE)) {
            return new DatabaseSecret(observed.databaseUrl().arn(), null, false);
        }
        DatabaseUrl url = DatabaseUrl.tryParse(secrets.read(name)).orElseThrow(() -> LabsException.failed("The secret "
                + name + " holds no postgres://USER:PASSWORD@HOST:5432/NAME URL, so provision cannot create the database "
                + "with its password: fix the secret or delete it"));
        if (resetPending) resetMasterPassword(url);
        return new DatabaseSecret(observed.databaseUrl().arn(), url, pending || Plan.PENDING_DATABASE_HOST.equals(url.host()));
    }

    /**
     * The secret holds the password (tagged as not yet in RDS) before RDS gets it, so that no
     * password is ever held by RDS alone; sending the same one again is harmless.
     */
    private void resetMasterPassword(DatabaseUrl url) {
        console.secret(url.decodedPassword());
        rds.resetMasterPassword(url.decodedPassword());
        secrets.secret(names.databaseUrlSecret()).untag(SecretsManager.RESET_PENDING_TAG);
    }

    /** The REDIS_URL secret as provision needs it: ARN, the URL (read only when needed), and whether its host is to be filled in. */
    private record RedisSecret(String arn, RedisUrl url, boolean pending) {
    }

    /**
     * Like DATABASE_URL: the token is stored before the cache is created with it, so that a run
     * stopped in between creates (or finds) the cache with the token the secret holds.
     */
    private RedisSecret redisUrl(Plan plan, Observed observed) {
        String name = names.redisUrlSecret();
        if (plan.does(Kind.REDIS_URL, Action.CREATE)) {
            String token = RandomSecrets.redisAuthToken();
            console.secret(token);
            RedisUrl url = RedisUrl.of(token, RedisUrl.PENDING_HOST);
            return new RedisSecret(secrets.create(name, url.value()), url, true);
        }
        Observed.Cache existing = observed.cache();
        boolean pending = plan.does(Kind.REDIS_URL, Action.UPDATE) || existing == null || existing.host() == null;
        if (!pending) return new RedisSecret(observed.redisUrl().arn(), null, false);
        RedisUrl url = RedisUrl.tryParse(secrets.read(name)).orElseThrow(() -> LabsException.failed("The secret " + name
                + " holds no rediss://:TOKEN@HOST:" + StackSpec.REDIS_PORT + "/0 URL, so provision cannot give the cache its AUTH"
                + " token: fix the secret or delete it"));
        return new RedisSecret(observed.redisUrl().arn(), url, true);
    }

    private void fillInRedisEndpoint(RedisSecret redisUrl) {
        String host = cache.findCache().host();
        secrets.put(names.redisUrlSecret(), redisUrl.url().withHost(host).value());
        console.detail("  " + names.redisUrlSecret() + " now points to " + host);
    }

    /** Whether the RDS instance carries this prefix's labs tag: labs created it. */
    boolean databaseIsOwn() {
        return rds.ownership().getOrDefault(names.dbInstance(), false);
    }

    private void fillInDatabaseEndpoint(DatabaseSecret databaseUrl) {
        String host = rds.findDatabase().host();
        DatabaseUrl url = databaseUrl.url();
        secrets.put(names.databaseUrlSecret(), DatabaseUrl.of(url.user(), url.password(), host, url.database()).value());
        console.detail("  " + names.databaseUrlSecret() + " now points to " + host);
    }

    private String executionRole(Plan plan, Observed observed, Policies.Arns arns, String djangoSecretKeyArn, String databaseUrlArn) {
        String role = names.executionRole();
        String trust = Policies.executionRoleTrust(arns);
        String arn = plan.does(Kind.EXECUTION_ROLE, Action.CREATE)
                ? iam.createRole(role, trust, "labs " + names.prefix() + ": ECS pulls images, writes logs, reads the two secrets")
                : observed.executionRole().arn();
        if (plan.changes(Kind.EXECUTION_ROLE)) {
            if (plan.does(Kind.EXECUTION_ROLE, Action.UPDATE)) iam.updateTrust(role, trust);
            iam.attach(role, Policies.EXECUTION_POLICY_ARN);
            iam.putPolicy(role, names.readSecretsPolicy(), Policies.readSecrets(djangoSecretKeyArn, databaseUrlArn, names));
        }
        return arn;
    }

    private String taskRole(Plan plan, Observed observed, Policies.Arns arns) {
        String trust = Policies.taskRoleTrust(arns);
        if (plan.does(Kind.TASK_ROLE, Action.CREATE)) {
            return iam.createRole(names.taskRole(), trust, "labs " + names.prefix() + ": the application's own role, no permissions");
        }
        if (plan.does(Kind.TASK_ROLE, Action.UPDATE)) iam.updateTrust(names.taskRole(), trust);
        return observed.taskRole().arn();
    }

    private void githubDeployRole(StackSpec spec, Plan plan, Observed observed) {
        if (!spec.wantsDeployRole()) return;
        if (plan.does(Kind.OIDC_PROVIDER, Action.CREATE)) iam.createOidcProvider();
        Policies.Arns arns = Policies.Arns.of(names, spec.region(), observed.account());
        String trust = Policies.githubTrust(arns, spec.github());
        if (plan.does(Kind.DEPLOY_ROLE, Action.CREATE)) {
            iam.createRole(names.githubDeployRole(), trust, "labs " + names.prefix() + ": GitHub Actions of "
                    + spec.github().who() + " deploy this stack");
        }
        if (plan.changes(Kind.DEPLOY_ROLE)) {
            if (plan.does(Kind.DEPLOY_ROLE, Action.UPDATE)) iam.updateTrust(names.githubDeployRole(), trust);
            iam.putPolicy(names.githubDeployRole(), names.deployPolicy(), Policies.deploy(arns));
        }
    }

    /** RDS and ElastiCache take minutes each: one wait for both. */
    private void waitForData(Observed observed, boolean needDatabaseEndpoint) {
        Waits waits = new Waits(console, ticker, POLL);
        Observed.Database database = observed.database();
        boolean stopped = database != null && Rds.DATABASE_STOPPED.contains(database.status());
        if (stopped && !needDatabaseEndpoint) {
            console.detail("  " + names.dbInstance() + " is " + database.status() + ": left as is");
        } else if (database == null || !"available".equals(database.status())) {
            waits.add("RDS " + names.dbInstance(), rds::databaseState);
        }
        if (observed.cache() == null || !"available".equals(observed.cache().status())) {
            waits.add("Redis " + names.cacheCluster(), cache::cacheState);
        }
        waits.until("are available", DATA_PATIENCE);
    }

    /**
     * The stack's resources that carry no labs tag of this prefix: built by hand (and adopted by
     * provision), so teardown deletes them only when asked to. The describes of observe() carry
     * the tags of the network, repository, log groups, secrets and roles; the data stores and the
     * ECS resources are asked for theirs.
     */
    Set<Kind> handBuilt(Observed observed) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (observed.vpc() != null && !observed.vpc().managed()) kinds.add(Kind.VPC);
        observed.subnets().stream().filter(s -> !s.managed()).forEach(s -> kinds.add(s.number() == 1 ? Kind.SUBNET_1 : Kind.SUBNET_2));
        if (observed.gateway() != null && !observed.gateway().managed()) kinds.add(Kind.INTERNET_GATEWAY);
        if (observed.routeTable() != null && !observed.routeTable().managed()) kinds.add(Kind.ROUTE_TABLE);
        if (observed.securityGroup() != null && !observed.securityGroup().managed()) kinds.add(Kind.SECURITY_GROUP);
        if (observed.repository() != null && !observed.repository().managed()) kinds.add(Kind.REPOSITORY);
        observed.logGroups().forEach((service, group) -> {
            if (!group.managed()) kinds.add(Kind.logs(service));
        });
        if (observed.djangoSecretKey() != null && !observed.djangoSecretKey().managed()) kinds.add(Kind.DJANGO_SECRET_KEY);
        if (observed.databaseUrl() != null && !observed.databaseUrl().managed()) kinds.add(Kind.DATABASE_URL);
        if (observed.redisUrl() != null && !observed.redisUrl().managed()) kinds.add(Kind.REDIS_URL);
        if (observed.taskRole() != null && !names.prefix().equals(observed.taskRole().prefixTag())) kinds.add(Kind.TASK_ROLE);
        if (observed.executionRole() != null && !names.prefix().equals(observed.executionRole().prefixTag())) kinds.add(Kind.EXECUTION_ROLE);
        Map<String, Boolean> data = new java.util.HashMap<>(rds.ownership());
        data.putAll(cache.ownership());
        if (Boolean.FALSE.equals(data.get(names.dbInstance()))) kinds.add(Kind.DATABASE);
        if (Boolean.FALSE.equals(data.get(names.dbSubnetGroup()))) kinds.add(Kind.DB_SUBNET_GROUP);
        if (Boolean.FALSE.equals(data.get(names.cacheCluster()))) kinds.add(Kind.CACHE);
        if (Boolean.FALSE.equals(data.get(names.cacheSubnetGroup()))) kinds.add(Kind.CACHE_SUBNET_GROUP);
        if (observed.clusterActive()) {
            if (!ecs.clusterIsOwn().orElse(true)) kinds.add(Kind.CLUSTER);
            ecs.servicesOwn().forEach((service, own) -> {
                if (!own) kinds.add(Kind.service(service));
            });
        }
        ecs.familiesOwn().forEach((service, own) -> {
            if (!own) kinds.add(Kind.taskDefinition(service));
        });
        return kinds;
    }

    /**
     * Deletes what the plan says, in its order; a resource already gone counts as deleted. Returns
     * the final snapshot of the database, when one was taken.
     */
    java.util.Optional<String> teardown(Plan plan, Observed observed, boolean finalSnapshot, boolean now) {
        boolean dataSettled = false;
        boolean dataGone = false;
        String snapshot = null;
        for (Step step : plan.steps()) {
            if (step.action() != Action.DELETE) continue;
            if (!dataSettled && (step.kind() == Kind.CACHE || step.kind() == Kind.DATABASE)) {
                waitForDataSettled(plan);
                dataSettled = true;
            }
            if (!dataGone && NEED_DATA_GONE.contains(step.kind())) {
                waitForDataGone(plan);
                dataGone = true;
            }
            console.info("  deleting " + step.kind().label + " " + step.name());
            if (step.kind() == Kind.DATABASE) snapshot = deleteDatabase(finalSnapshot);
            else if (Schedules.KINDS.contains(step.kind())) schedules.delete(step);
            else delete(step.kind(), observed, now);
        }
        if (!dataGone) waitForDataGone(plan);
        return java.util.Optional.ofNullable(snapshot);
    }

    /** A database or cache still being created or changed cannot be deleted yet: wait for it first. */
    private void waitForDataSettled(Plan plan) {
        Waits waits = new Waits(console, ticker, POLL);
        if (plan.does(Kind.DATABASE, Action.DELETE) && !rds.databaseSettled().done()) {
            waits.add("RDS " + names.dbInstance(), rds::databaseSettled);
        }
        if (plan.does(Kind.CACHE, Action.DELETE) && !cache.cacheSettled().done()) {
            waits.add("Redis " + names.cacheCluster(), cache::cacheSettled);
        }
        waits.until("can be deleted", DATA_PATIENCE);
    }

    /** Returns the final snapshot taken, if any. */
    private String deleteDatabase(boolean finalSnapshot) {
        Observed.Database db = rds.findDatabase();
        if (db == null || "deleting".equals(db.status())) return null;
        boolean failed = Rds.DATABASE_FAILED.contains(db.status());
        if (finalSnapshot && failed) {
            console.warn(names.dbInstance() + " is " + db.status() + ": RDS deletes a failed instance only without a final snapshot");
        }
        String snapshot = finalSnapshot && !failed ? names.finalSnapshot(SNAPSHOT_TIME.format(ticker.now())) : null;
        rds.deleteDatabase(snapshot);
        return snapshot;
    }

    private void deleteCache() {
        Observed.Cache found = cache.findCache();
        if (found != null && !"deleting".equals(found.status())) cache.deleteCache(found);
    }

    private void delete(Kind kind, Observed observed, boolean now) {
        switch (kind) {
            case WEB_SERVICE -> ecs.deleteService(AppService.WEB);
            case WORKER_SERVICE -> ecs.deleteService(AppService.WORKER);
            case WEB_TASK_DEFINITION -> ecs.deleteTaskDefinitions(AppService.WEB);
            case WORKER_TASK_DEFINITION -> ecs.deleteTaskDefinitions(AppService.WORKER);
            case CLUSTER -> ecs.deleteCluster();
            case CACHE -> deleteCache();
            case DATABASE -> throw new IllegalStateException("the database goes through deleteDatabase");
            case DEPLOY_ROLE -> iam.deleteRole(names.githubDeployRole());
            case TASK_ROLE -> iam.deleteRole(names.taskRole());
            case EXECUTION_ROLE -> iam.deleteRole(names.executionRole());
            case DATABASE_URL -> secrets.delete(names.databaseUrlSecret(), now);
            case REDIS_URL -> secrets.delete(names.redisUrlSecret(), now);
            case DJANGO_SECRET_KEY -> secrets.delete(names.djangoSecretKeySecret(), now);
            case WEB_LOGS -> logs.deleteGroup(AppService.WEB);
            case WORKER_LOGS -> logs.deleteGroup(AppService.WORKER);
            case REPOSITORY -> registry.deleteRepository();
            case CACHE_SUBNET_GROUP -> cache.deleteCacheSubnetGroup();
            case DB_SUBNET_GROUP -> rds.deleteDbSubnetGroup();
            case SECURITY_GROUP -> network.deleteSecurityGroup(observed.securityGroup().id());
            case ROUTE_TABLE -> network.deleteRouteTable(observed.routeTable().id());
            case INTERNET_GATEWAY -> network.deleteGateway(observed.gateway());
            case SUBNET_1 -> network.deleteSubnet(1, observed.subnet(1).id());
            case SUBNET_2 -> network.deleteSubnet(2, observed.subnet(2).id());
            case VPC -> network.deleteVpc(observed.vpc().id());
            case OIDC_PROVIDER -> throw new IllegalStateException("the account-wide OIDC provider is never deleted");
            case BUILD_BUCKET, BUILD_LOGS, BUILD_ROLE, BUILD_PROJECT -> builder.delete(kind, observed.account());
            case SCHEDULER_ROLE, SCHEDULE_GROUP, SCHEDULE -> throw new IllegalStateException("the schedules go through Schedules.delete");
            case SLEEP_SCHEDULE, SLEEP_ROLE -> sleepResources.delete(kind);
        }
    }

    /** The subnet groups and the network can go only once the database and the cache are gone. */
    private void waitForDataGone(Plan plan) {
        Waits waits = new Waits(console, ticker, POLL);
        if (plan.does(Kind.DATABASE, Action.DELETE)) waits.add("RDS " + names.dbInstance(), rds::databaseGone);
        if (plan.does(Kind.CACHE, Action.DELETE)) waits.add("Redis " + names.cacheCluster(), cache::cacheGone);
        waits.until("are deleted", DATA_PATIENCE);
    }
}
