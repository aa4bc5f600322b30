import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;

class ProvisionTest {
    private final FakeAccount account = new FakeAccount();

    @Test
    void emptyAccountGetsTheNetworkWithExactNamesAndSettings() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);

        var vpc = account.ec2.vpcs.values().iterator().next();
        assertEquals("10.0.0.0/16", vpc.cidrBlock());
        assertTrue(account.ec2.vpcDns.get(vpc.vpcId())[0] && account.ec2.vpcDns.get(vpc.vpcId())[1], "DNS support and hostnames");
        Map<String, String> zoneBySubnet = account.ec2.subnets.values().stream().collect(Collectors.toMap(
                s -> s.tags().stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow().value(),
                s -> s.cidrBlock() + " " + s.availabilityZone() + " " + s.mapPublicIpOnLaunch()));
        // eu-west-1a does not offer db.t3.micro in the fake, so the first two zones that do are b and c
        assertEquals(Map.of("labs-jj-public-subnet-1", "10.0.1.0/24 eu-west-1b true",
                "labs-jj-public-subnet-2", "10.0.2.0/24 eu-west-1c true"), zoneBySubnet);
        var gateway = account.ec2.gateways.values().iterator().next();
        assertEquals(vpc.vpcId(), gateway.attachments().get(0).vpcId());
        RouteTable table = account.ec2.routeTables.values().stream().filter(t -> !t.tags().isEmpty()).findFirst().orElseThrow();
        assertTrue(table.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                && gateway.internetGatewayId().equals(r.gatewayId())), table::toString);
        assertEquals(account.ec2.subnets.keySet(), table.associations().stream().map(a -> a.subnetId()).collect(Collectors.toSet()));

        SecurityGroup group = account.ec2.securityGroups.values().stream().filter(g -> g.groupName().equals("labs-jj-sg")).findFirst().orElseThrow();
        assertEquals(List.of("0.0.0.0/0"), sources(group, 8000));
        assertEquals(List.of(group.groupId()), sources(group, 5432), "PostgreSQL only from the group");
        assertEquals(List.of(group.groupId()), sources(group, 6379), "Redis only from the group");
        assertTrue(account.fingerprint().stream().filter(l -> l.startsWith("vpc ") || l.startsWith("subnet ") || l.startsWith("sg ")
                || l.startsWith("igw ") || l.startsWith("rt ")).allMatch(l -> l.contains("labs:prefix=labs-jj, managed-by=labs")),
                () -> String.join("\n", account.fingerprint()));
    }

    private static List<String> sources(SecurityGroup group, int port) {
        return group.ipPermissions().stream().filter(p -> p.fromPort() == port)
                .flatMap(p -> java.util.stream.Stream.concat(p.ipRanges().stream().map(r -> r.cidrIp()),
                        p.userIdGroupPairs().stream().map(u -> u.groupId()))).toList();
    }

    @Test
    void emptyAccountGetsDatabaseCacheRegistryLogsAndSecrets() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);

        CreateDbInstanceRequest db = account.rds.created.get("labs-jj-postgres");
        assertEquals(List.of("postgres", "15", "db.t3.micro", 20, "gp3", false, false, true, 1, "labs-jj-db-subnet-group", "commcare_connect"),
                List.of(db.engine(), db.engineVersion(), db.dbInstanceClass(), db.allocatedStorage(), db.storageType(), db.multiAZ(),
                        db.publiclyAccessible(), db.storageEncrypted(), db.backupRetentionPeriod(), db.dbSubnetGroupName(), db.dbName()));
        var cache = account.elastiCache.created.get("labs-jj-redis");
        String sg = account.ec2.securityGroups.values().stream().filter(g -> g.groupName().equals("labs-jj-sg")).findFirst().orElseThrow().groupId();
        assertEquals(List.of("redis", "7.1", "cache.t3.micro", 1, false, "labs-jj-cache-subnet-group", List.of(sg)),
                List.of(cache.engine(), cache.engineVersion(), cache.cacheNodeType(), cache.numCacheClusters(),
                        cache.automaticFailoverEnabled(), cache.cacheSubnetGroupName(), cache.securityGroupIds()),
                "a one-node replication group: the same single node as a cache cluster");
        assertEquals(List.of(true, "required", true), List.of(cache.transitEncryptionEnabled(), cache.transitEncryptionModeAsString(),
                cache.atRestEncryptionEnabled()));
        String token = account.elastiCache.authTokens.get("labs-jj-redis");
        assertTrue(token.matches("[A-Za-z0-9]{64}"), "an AUTH token ElastiCache takes, with nothing to escape in a URL");
        assertEquals("rediss://:" + token + "@master.labs-jj-redis.xyz.euw1.cache.amazonaws.com:6379/0?ssl_cert_reqs=required",
                account.secrets.value("labs-jj-redis-url"));
        result.assertOutContains("create   ElastiCache Redis  labs-jj-redis", "TLS and AUTH required",
                "create   secret             labs-jj-redis-url");

        var repository = account.ecr.repositories.get("labs-jj-commcare-connect");
        assertTrue(repository.imageScanningConfiguration().scanOnPush());
        assertTrue(account.ecr.lifecyclePolicies.get("labs-jj-commcare-connect").contains("\"countNumber\":30"));
        assertEquals(14, account.logs.retention.get("/ecs/labs-jj-web"));
        assertEquals(14, account.logs.retention.get("/ecs/labs-jj-worker"));

        String databaseUrl = account.secrets.value("labs-jj-database-url");
        String password = account.rds.passwords.get("labs-jj-postgres");
        assertEquals("postgres://labs:" + password + "@labs-jj-postgres.abc123.eu-west-1.rds.amazonaws.com:5432/commcare_connect?sslmode=require", databaseUrl);
        assertTrue(password.matches("[A-Za-z0-9._~-]{40}"), "generated password: URL-safe, none of what RDS refuses");
        String secretKey = account.secrets.value("labs-jj-django-secret-key");
        assertTrue(secretKey.matches("[^$]{50}"), "a Django key as rotate-secret makes it");
        for (String secret : List.of(password, secretKey, token)) {
            assertFalse(result.out().contains(secret) || result.err().contains(secret), "a secret value was printed");
        }
    }

    @Test
    void servicesRunNothingUntilAnImageExistsAndTaskDefinitionsReferenceSecrets() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("run deploy");

        Map<String, RegisterTaskDefinitionRequest> byFamily = account.ecs.registered.stream()
                .collect(Collectors.toMap(RegisterTaskDefinitionRequest::family, r -> r));
        RegisterTaskDefinitionRequest web = byFamily.get("labs-jj-web");
        RegisterTaskDefinitionRequest worker = byFamily.get("labs-jj-worker");
        for (RegisterTaskDefinitionRequest definition : List.of(web, worker)) {
            assertEquals(List.of("512", "1024", "awsvpc", List.of("FARGATE")), List.of(definition.cpu(), definition.memory(),
                    definition.networkModeAsString(), definition.requiresCompatibilitiesAsStrings()));
            assertEquals(account.iam.roles.get("labs-jj-ecs-task-execution-role").arn(), definition.executionRoleArn());
            assertEquals(account.iam.roles.get("labs-jj-ecs-task-role").arn(), definition.taskRoleArn());
            ContainerDefinition container = definition.containerDefinitions().get(0);
            String redisUrl = account.secrets.secrets.get("labs-jj-redis-url").arn;
            assertEquals(Map.of("DJANGO_SECRET_KEY", account.secrets.secrets.get("labs-jj-django-secret-key").arn,
                    "DATABASE_URL", account.secrets.secrets.get("labs-jj-database-url").arn,
                    "REDIS_URL", redisUrl, "CELERY_BROKER_URL", redisUrl),
                    container.secrets().stream().collect(Collectors.toMap(s -> s.name(), s -> s.valueFrom())));
            assertTrue(container.environment().stream().noneMatch(e -> e.name().equals("REDIS_URL") || e.name().equals("CELERY_BROKER_URL")
                    || e.value().contains("redis")), () -> "Redis only as a secret: " + container.environment());
            assertFalse(container.dockerLabels().containsKey("labs.redis-url"), container.dockerLabels()::toString);
            assertEquals("awslogs", container.logConfiguration().logDriverAsString());
            assertEquals("ecs", container.logConfiguration().options().get("awslogs-stream-prefix"));
            assertEquals(FakeEcr.uri("labs-jj-commcare-connect") + ":latest", container.image());
        }
        assertEquals(List.of("/start"), web.containerDefinitions().get(0).command());
        assertEquals(List.of("/start_celery"), worker.containerDefinitions().get(0).command());
        assertEquals("/ecs/labs-jj-web", web.containerDefinitions().get(0).logConfiguration().options().get("awslogs-group"));
        assertEquals(8000, web.containerDefinitions().get(0).portMappings().get(0).containerPort());
        assertEquals(List.of("CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=4)\""),
                web.containerDefinitions().get(0).healthCheck().command(), "an HTTP GET that needs no curl");
        assertNull(worker.containerDefinitions().get(0).healthCheck());

        CreateServiceRequest webService = account.ecs.createdServices.get("labs-jj-cluster/labs-jj-web");
        CreateServiceRequest workerService = account.ecs.createdServices.get("labs-jj-cluster/labs-jj-worker");
        assertEquals(0, webService.desiredCount());
        assertEquals(0, workerService.desiredCount());
        assertEquals(List.of(0, 100), List.of(workerService.deploymentConfiguration().minimumHealthyPercent(),
                workerService.deploymentConfiguration().maximumPercent()), "never two Celery beat workers at once");
        for (CreateServiceRequest service : List.of(webService, workerService)) {
            assertTrue(service.deploymentConfiguration().deploymentCircuitBreaker().enable());
            assertTrue(service.deploymentConfiguration().deploymentCircuitBreaker().rollback());
            assertEquals("FARGATE", service.launchTypeAsString());
            assertEquals("ENABLED", service.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString());
            assertEquals(2, service.networkConfiguration().awsvpcConfiguration().subnets().size());
        }
    }

    @Test
    void anImageInTheRepositoryStartsOneTaskEachWithIt() {
        account.ecr.createRepository(r -> r.repositoryName("labs-jj-commcare-connect").imageScanningConfiguration(s -> s.scanOnPush(true)));
        account.ecr.pushImage("labs-jj-commcare-connect", "abc1234");
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, account.ecs.createdServices.get("labs-jj-cluster/labs-jj-web").desiredCount());
        assertEquals(FakeEcr.uri("labs-jj-commcare-connect") + ":abc1234",
                account.ecs.registered.get(0).containerDefinitions().get(0).image());
        assertFalse(result.err().contains("run deploy"), result::toString);
    }

    @Test
    void configuredSettingsReachTheResources() {
        Cli.Result result = account.cli().env("LABS_DB_BACKUP_RETENTION_DAYS", "7").env("LABS_LOG_RETENTION_DAYS", "30")
                .env("LABS_ENVIRONMENT", "DJANGO_SETTINGS_MODULE=config.settings.staging,SITE=labs")
                .env("LABS_WEB_HEALTH_CHECK", "none")
                .run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(7, account.rds.created.get("labs-jj-postgres").backupRetentionPeriod());
        assertEquals(30, account.logs.retention.get("/ecs/labs-jj-web"));
        ContainerDefinition web = account.ecs.registered.get(0).containerDefinitions().get(0);
        assertNull(web.healthCheck());
        assertTrue(web.environment().contains(KeyValuePair.builder().name("DJANGO_SETTINGS_MODULE").value("config.settings.staging").build()));
    }

    @Test
    void aLogRetentionCloudWatchRefusesIsAUsageError() {
        Cli.Result result = account.cli().env("LABS_LOG_RETENTION_DAYS", "10").run(new Provision());
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("labs.logs.retention-days must be one of");
        assertTrue(account.changes().isEmpty());
    }

    @Test
    void waitsForDatabaseAndCacheTogetherWithElapsedTime() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("Waiting until RDS labs-jj-postgres and Redis labs-jj-redis are available",
                "1m15s: RDS labs-jj-postgres available");
        // the two waits overlap: the total is the longer one, not the sum
        assertEquals(75, account.ticker.slept().toSeconds());
    }

    @Test
    void secondRunChangesNothingAndSaysSo() {
        assertEquals(0, account.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        int changes = account.changes().size();
        Cli.Result again = account.provision("--github-repo", "dimagi/commcare-connect");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(changes, account.changes().size(), () -> "changed: " + account.changes().subList(changes, account.changes().size()));
        assertTrue(again.planLines().stream().allMatch(l -> l.startsWith("exists ")), again::toString);
        assertEquals(29, again.planLines().size(), again::toString);
        again.assertErrContains("Nothing to change");
    }

    @Test
    void dryRunOnAnEmptyAccountPrintsTheFullPlanAndChangesNothing() {
        Cli.Result result = account.provision("--dry-run", "--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(account.changes().isEmpty(), account.changes()::toString);
        assertEquals(29, result.out().lines().filter(l -> l.startsWith("create ")).count(), result::toString);
        for (String name : List.of("labs-jj-vpc", "labs-jj-public-subnet-1", "labs-jj-public-subnet-2", "labs-jj-igw", "labs-jj-public-rt",
                "labs-jj-sg", "labs-jj-db-subnet-group", "labs-jj-cache-subnet-group", "labs-jj-postgres", "labs-jj-redis",
                "labs-jj-commcare-connect", "/ecs/labs-jj-web", "/ecs/labs-jj-worker", "labs-jj-django-secret-key", "labs-jj-database-url",
                "labs-jj-ecs-task-execution-role", "labs-jj-ecs-task-role", "github-actions-labs-deploy", "labs-jj-cluster",
                "labs-jj-build-sources-123456789012-eu-west-1", "/codebuild/labs-jj-build", "labs-jj-codebuild-role", "labs-jj-build")) {
            assertTrue(result.out().contains(" " + name), name + " missing from\n" + result);
        }
    }

    @Test
    void jsonPlanForScripts() {
        Cli.Result result = account.provision("--dry-run", "--json");
        assertTrue(result.out().startsWith("{\"steps\":[{"), result::toString);
        result.assertOutContains("\"action\":\"create\"");
        assertEquals(1, result.out().lines().count());
    }

    @Test
    void adoptsTheHandBuiltStackAndReportsTheOpenPorts() {
        HandBuilt.stack(account, "labs-jj");
        Cli.Result dryRun = account.provision("--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        List<String> lines = dryRun.planLines();
        // the hand-built stack has no remote builder: its four resources are created; the console's trust for
        // ECS tasks has no aws:SourceAccount: reported, left as is
        assertEquals(4, lines.stream().filter(ProvisionTest::isBuilderCreate).count(), dryRun::toString);
        assertEquals(List.of("differs  IAM role           labs-jj-ecs-task-execution-role: replace the trust policy",
                "differs  IAM role           labs-jj-ecs-task-role: replace the trust policy"),
                lines.stream().filter(l -> !l.startsWith("exists ") && !l.startsWith("finding ") && !isBuilderCreate(l)).toList(),
                dryRun::toString);
        assertEquals(3, lines.stream().filter(l -> l.startsWith("finding ")).count(), dryRun::toString);
        dryRun.assertOutContains("opens PostgreSQL 5432 to the internet (0.0.0.0/0)",
                "opens Redis 6379 to the internet (0.0.0.0/0)",
                "aws ec2 revoke-security-group-ingress --group-id sg-",
                "finding  ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH");

        Cli.Result apply = account.provision();
        assertEquals(0, apply.exitCode(), apply::toString);
        assertEquals(BUILDER_CREATION, account.changes(), "adoption changed more than adding the remote builder");
    }

    /** What creating the remote builder calls, in order: nothing else may change when a stack is adopted. */
    static final List<String> BUILDER_CREATION = List.of("s3:CreateBucket", "s3:PutPublicAccessBlock", "s3:PutBucketEncryption",
            "s3:PutBucketLifecycleConfiguration", "s3:PutBucketTagging", "logs:CreateLogGroup", "logs:PutRetentionPolicy",
            "iam:CreateRole", "iam:PutRolePolicy", "codebuild:CreateProject");

    private static boolean isBuilderCreate(String line) {
        return line.startsWith("create ") && (line.contains("labs-jj-build") || line.contains("labs-jj-codebuild-role"));
    }


    @Test
    void adoptionReportsDifferingSettingsWithoutChangingThem() {
        HandBuilt.stack(account, "labs-jj");
        account.logs.putRetentionPolicy(r -> r.logGroupName("/ecs/labs-jj-web").retentionInDays(90));
        account.rds.instances.computeIfPresent("labs-jj-postgres", (id, db) -> db.toBuilder().backupRetentionPeriod(7).publiclyAccessible(true).build());
        account.ecs.updateService("labs-jj-cluster", "labs-jj-worker", s -> s.deploymentConfiguration(d -> d.minimumHealthyPercent(100).maximumPercent(200)));
        int before = account.changes().size();
        account.provision();
        before = account.changes().size();

        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("differs  log group          /ecs/labs-jj-web: retention 14 days (now 90 days)",
                "backup retention days 7 (labs: 1)",
                "publicly accessible (labs: not)",
                "deployments 100-200% (labs: 0-100%)",
                "two Celery beat schedulers");
        assertEquals(before, account.changes().size(), "reported, not changed");
        assertEquals(90, account.logs.retention.get("/ecs/labs-jj-web"));
    }

    @Test
    void adoptsACacheThatIsASingleNodeReplicationGroup() {
        HandBuilt.stack(account, "labs-jj");
        account.elastiCache.clusters.remove("labs-jj-redis");
        account.elastiCache.replicationGroup("labs-jj-redis", "available");
        Cli.Result result = account.provision("--dry-run");
        result.assertOutContains("exists   ElastiCache Redis  labs-jj-redis (replication group)");
    }

    @Test
    void labsMadeResourcesThatDriftedAreBroughtBackInLine() {
        assertEquals(0, account.provision().exitCode());
        account.logs.retention.remove("/ecs/labs-jj-worker");
        account.ecr.lifecyclePolicies.clear();
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("update   log group          /ecs/labs-jj-worker: retention 14 days (now never expires)");
        assertEquals(14, account.logs.retention.get("/ecs/labs-jj-worker"));
        assertTrue(account.ecr.lifecyclePolicies.containsKey("labs-jj-commcare-connect"));
    }

    /** Rejected: AWS refused and did nothing. Lost answer: AWS did it, but the command never heard. */
    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"REJECTED", "ERROR_AFTER"})
    void aFailureAtEachStepIsFinishedByTheNextRun(Faults.Mode mode) {
        FakeAccount reference = new FakeAccount();
        assertEquals(0, reference.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        List<String> expected = reference.fingerprint();
        List<String> steps = List.copyOf(reference.faults.calls);
        assertTrue(steps.size() > 30, steps::toString);

        for (int step = 0; step < steps.size(); step++) {
            FakeAccount broken = new FakeAccount();
            broken.faults.failAt(step, mode);
            Cli.Result failed = broken.provision("--github-repo", "dimagi/commcare-connect");
            String where = mode + " at " + steps.get(step) + " (step " + step + ")";
            if (mode.after() && failed.exitCode() == 0) {
                // the call failed by itself (a look-up of something missing) before the lost answer could be injected
                assertEquals(expected, broken.fingerprint(), where);
                continue;
            }
            assertEquals(1, failed.exitCode(), () -> where + "\n" + failed);
            assertEquals(1, failed.err().lines().filter(l -> l.startsWith("error: ")).count(), () -> where + "\n" + failed);
            assertFalse(failed.err().contains("\tat "), () -> where + ": stack trace\n" + failed);

            Cli.Result rerun = broken.provision("--github-repo", "dimagi/commcare-connect");
            assertEquals(0, rerun.exitCode(), () -> where + ", re-run:\n" + rerun);
            assertEquals(expected, broken.fingerprint(), where);
            assertEquals(broken.rds.passwords.get("labs-jj-postgres"),
                    DatabaseUrl.parse(broken.secrets.value("labs-jj-database-url"), "test").decodedPassword(), where + ": the secret holds the database's password");
        }
    }

    @Test
    void aSecondPrefixGetsItsOwnStackBesideTheFirst() {
        assertEquals(0, account.provision().exitCode());
        List<String> first = account.fingerprint();
        Cli.Result second = account.provision("--prefix", "labs-demo");
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.planLines().stream().allMatch(l -> l.startsWith("create ")), second::toString);
        assertTrue(account.fingerprint().containsAll(first));
        assertTrue(account.fingerprint().contains("vpc labs-demo-vpc 10.0.0.0/16 dns=true/true [labs:prefix=labs-demo, managed-by=labs]"));
    }

    @Test
    void aDeployRoleOfAnotherStackIsNotTakenOver() {
        assertEquals(0, account.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        int before = account.changes().size();
        Cli.Result other = account.provision("--prefix", "labs-demo", "--github-repo", "dimagi/commcare-connect");
        assertEquals(2, other.exitCode(), other::toString);
        other.assertErrContains("belongs to the stack with prefix 'labs-jj'",
                "labs.github.deploy-role");
        assertEquals(before, account.changes().size());
    }

    @Test
    void anExistingOidcProviderIsReused() {
        account.iam.oidcProviders.add("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
        Cli.Result result = account.provision("--github-repo", "dimagi/commcare-connect", "--github-ref", "main");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(account.changes().contains("iam:CreateOpenIDConnectProvider"));
        assertTrue(account.iam.trust("github-actions-labs-deploy").contains("repo:dimagi/commcare-connect:ref:refs/heads/main"));
    }

    @Test
    void badGithubRepositoryIsAUsageError() {
        Cli.Result result = account.provision("--github-repo", "commcare-connect");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("OWNER/NAME");
    }

    @Test
    void tooFewZonesOfferingTheDatabaseClassStopsBeforeAnyChange() {
        account.rds.orderableZones.put("db.t3.micro", List.of("eu-west-1a"));
        Cli.Result result = account.provision();
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("Fewer than two availability zones");
        assertTrue(account.changes().isEmpty());
    }

    @Test
    void aDatabaseWithoutItsSecretGetsANewPasswordAndTheSecret() {
        HandBuilt.stack(account, "labs-jj");
        account.secrets.secrets.remove("labs-jj-database-url");
        Cli.Result result = account.provision("--yes");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> changes = account.changes();
        assertTrue(changes.indexOf("secretsmanager:CreateSecret") < changes.indexOf("rds:ModifyDBInstance"),
                "the secret must hold the password before RDS gets it: " + changes);
        result.assertOutContains("the master password of labs-jj-postgres is reset");
        String password = account.rds.passwords.get("labs-jj-postgres");
        assertEquals("postgres://labs:" + password + "@labs-jj-postgres.abc123.eu-west-1.rds.amazonaws.com:5432/commcare_connect?sslmode=require",
                account.secrets.value("labs-jj-database-url"));
        assertFalse(result.err().contains(password), result::toString);
    }

    @Test
    void resettingThePasswordOfADatabaseLabsDidNotCreateNeedsConfirmation() {
        HandBuilt.stack(account, "labs-jj");
        account.secrets.secrets.remove("labs-jj-database-url");
        List<String> before = account.fingerprint();

        Cli.Result refused = account.provision();
        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(List.of("error: provision would reset the master password of labs-jj-postgres, which labs did not create "
                + "(no labs tag): pass --yes, or run it in a terminal and type the prefix; nothing changed"),
                refused.err().lines().filter(l -> l.startsWith("error")).toList());
        assertEquals(before, account.fingerprint());
        assertTrue(account.changes().isEmpty(), account.changes()::toString);

        Cli.Result wrong = account.cli().terminal("labs\n").run(new Provision());
        assertEquals(2, wrong.exitCode(), wrong::toString);
        wrong.assertErrContains("Type the prefix (labs-jj)", "was not reset; nothing changed");
        assertEquals(before, account.fingerprint());

        Cli.Result typed = account.cli().terminal("labs-jj\n").run(new Provision());
        assertEquals(0, typed.exitCode(), typed::toString);
        assertEquals(account.rds.passwords.get("labs-jj-postgres"),
                DatabaseUrl.parse(account.secrets.value("labs-jj-database-url"), "test").decodedPassword());
    }

    @Test
    void aDatabaseLabsCreatedGetsANewPasswordWithoutAQuestion() {
        assertEquals(0, account.provision().exitCode());
        account.secrets.secrets.remove("labs-jj-database-url");
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(account.rds.passwords.get("labs-jj-postgres"),
                DatabaseUrl.parse(account.secrets.value("labs-jj-database-url"), "test").decodedPassword());
    }

    @Test
    void aProvisionStoppedBetweenStoringAndResettingThePasswordIsFinishedByTheNext() {
        HandBuilt.stack(account, "labs-jj");
        account.secrets.secrets.remove("labs-jj-database-url");
        String oldPassword = account.rds.passwords.get("labs-jj-postgres");
        account.faults.failOn("rds:ModifyDBInstance", Faults.Mode.CRASH_BEFORE);
        assertThrows(Faults.Crash.class, () -> account.provision("--yes"));
        String stored = DatabaseUrl.parse(account.secrets.value("labs-jj-database-url"), "test").decodedPassword();
        assertNotEquals(stored, oldPassword == null ? "" : oldPassword);
        assertEquals(oldPassword, account.rds.passwords.get("labs-jj-postgres"), "the crash came before RDS got it");

        Cli.Result dryRun = account.provision("--dry-run");
        dryRun.assertOutContains("update   secret             labs-jj-database-url: finish resetting the master password of "
                + "labs-jj-postgres");
        Cli.Result rerun = account.provision("--yes");
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(stored, account.rds.passwords.get("labs-jj-postgres"), "the re-run sends the stored password");
        assertEquals(stored, DatabaseUrl.parse(account.secrets.value("labs-jj-database-url"), "test").decodedPassword());
        assertTrue(account.secrets.tags.get("labs-jj-database-url").stream().noneMatch(t -> t.key().equals("labs:master-password-reset")));
        Cli.Result again = account.provision();
        assertEquals(0, again.exitCode(), again::toString);
        assertFalse(again.out().contains("finish resetting"), again::toString);
    }

    @Test
    void aSecretScheduledForDeletionIsRestoredNotRecreated() {
        HandBuilt.stack(account, "labs-jj");
        account.secrets.deleteSecret(r -> r.secretId("labs-jj-django-secret-key").recoveryWindowInDays(7L));
        Cli.Result dryRun = account.provision("--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        dryRun.assertOutContains("update   secret             labs-jj-django-secret-key: restore: scheduled for deletion");
        assertTrue(account.secrets.deletedDates.containsKey("labs-jj-django-secret-key"), "a dry run restores nothing");

        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(account.secrets.deletedDates.isEmpty());
        assertEquals("hand-made-key", account.secrets.value("labs-jj-django-secret-key"));
        assertTrue(account.changes().contains("secretsmanager:RestoreSecret"));
        assertFalse(account.changes().contains("secretsmanager:CreateSecret"));
    }

    @Test
    void everythingCreatedCarriesThePrefixTagSoAnotherStackCanTellItApart() {
        assertEquals(0, account.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        Map<String, String> labsTags = Map.of("labs:prefix", "labs-jj", "managed-by", "labs");
        assertEquals(labsTags, account.rds.created.get("labs-jj-postgres").tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(labsTags, account.elastiCache.created.get("labs-jj-redis").tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(labsTags, account.ecr.resourceTags.get("labs-jj-commcare-connect").stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(labsTags, account.logs.tags.get("/ecs/labs-jj-web"));
        for (String secret : List.of("labs-jj-django-secret-key", "labs-jj-database-url")) {
            assertEquals(labsTags, account.secrets.tags.get(secret).stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        }
        for (String role : List.of("labs-jj-ecs-task-execution-role", "labs-jj-ecs-task-role", "github-actions-labs-deploy")) {
            assertEquals(labsTags, account.iam.roles.get(role).tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())), role);
        }
        assertEquals(3, account.ecs.resourceTags.size(), account.ecs.resourceTags::toString);
        account.ecs.resourceTags.values().forEach(tags -> assertEquals(labsTags, tags));
        account.ecs.registered.forEach(r -> assertEquals(labsTags, r.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))));
    }

    @Test
    void theContainersGetDjangoAndCeleryDefaultsAndTheAppsEntriesWithPlaceholders() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("app");
        java.nio.file.Files.writeString(dir.resolve("labs.properties"),
                "env.CACHE_URL=${redis.url}\nenv.SITE=${prefix}-${app} in ${region} on ${web.port}\nenv.DJANGO_ALLOWED_HOSTS=*\n");
        account.elastiCache.cacheCluster("labs-jj-redis", "available");
        Cli.Result result = account.cli().in(dir).run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        // an adopted Redis without AUTH (a cache cluster an earlier labs made): its plain URL is the defaults' and ${redis.url}
        String redis = "redis://labs-jj-redis.xyz.0001.euw1.cache.amazonaws.com:6379/0";
        for (RegisterTaskDefinitionRequest definition : account.ecs.registered) {
            ContainerDefinition container = definition.containerDefinitions().get(0);
            Map<String, String> environment = container.environment().stream()
                    .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
            assertEquals(Map.of("REDIS_URL", redis, "CELERY_BROKER_URL", redis, "DJANGO_ALLOWED_HOSTS", "*",
                    "DJANGO_ALLOWED_CIDR_NETS", "0.0.0.0/0", "CACHE_URL", redis,
                    "SITE", "labs-jj-commcare-connect in eu-west-1 on 8000"), environment);
            assertEquals("app", container.dockerLabels().get("labs.env.DJANGO_ALLOWED_HOSTS"), "the app overrides a default");
            assertEquals("default", container.dockerLabels().get("labs.env.CELERY_BROKER_URL"));
        }
    }

    @Test
    void redisUrlPlaceholderOfARedisWithAuthIsAUsageErrorBeforeAnythingIsCreated() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("app");
        java.nio.file.Files.writeString(dir.resolve("labs.properties"), "env.CACHE_URL=${redis.url}\n");
        Cli.Result result = account.cli().in(dir).run(new Provision());
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("env.CACHE_URL in labs.properties uses ${redis.url}, which a Redis with TLS and AUTH does not have",
                "read REDIS_URL");
        assertTrue(account.elastiCache.created.isEmpty() && account.secrets.secrets.isEmpty(), "nothing created");
    }

    @Test
    void anUnknownPlaceholderIsAUsageErrorBeforeAnythingIsCreated() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("app");
        java.nio.file.Files.writeString(dir.resolve("labs.properties"), "env.CACHE_URL=${redis.host}\n");
        Cli.Result result = account.cli().in(dir).run(new Provision());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("env.CACHE_URL in " + dir.resolve("labs.properties") + " uses ${redis.host}: the placeholders are"
                + " ${redis.url}, ${web.port}, ${prefix}, ${app}, ${region}"), result::toString);
        assertTrue(account.ecs.registered.isEmpty());
    }

    @Test
    void theHealthCheckFollowsTheWebPortAndHealthPath() {
        Cli.Result result = account.cli().env("LABS_WEB_PORT", "8080").env("LABS_WEB_HEALTH_PATH", "/health/").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        ContainerDefinition web = account.ecs.registered.get(0).containerDefinitions().get(0);
        assertTrue(web.healthCheck().command().get(1).contains("'http://localhost:8080/health/'"), web::toString);
        assertEquals(8080, web.portMappings().get(0).containerPort());
        SecurityGroup group = account.ec2.securityGroups.values().stream().filter(g -> g.groupName().equals("labs-jj-sg")).findFirst().orElseThrow();
        assertEquals(List.of("0.0.0.0/0"), sources(group, 8080));
    }

    @Test
    void aLabsMadeRoleWhosePoliciesDriftedIsRestored() {
        assertEquals(0, account.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        String deployPolicy = account.iam.inline.get("github-actions-labs-deploy").get("labs-jj-deploy");
        account.iam.inline.get("github-actions-labs-deploy").put("labs-jj-deploy",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        account.iam.attached.get("labs-jj-ecs-task-execution-role").clear();
        Cli.Result result = account.provision("--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("update   IAM role           github-actions-labs-deploy: policy labs-jj-deploy",
                "update   IAM role           labs-jj-ecs-task-execution-role: attach AmazonECSTaskExecutionRolePolicy");
        assertEquals(deployPolicy, account.iam.inline.get("github-actions-labs-deploy").get("labs-jj-deploy"));
        assertEquals(Set.of(Policies.EXECUTION_POLICY_ARN), account.iam.attached.get("labs-jj-ecs-task-execution-role"));
    }

    @Test
    void taskRolesOfAnEarlierLabsGetTheConfusedDeputyConditions() {
        assertEquals(0, account.provision().exitCode());
        for (String role : List.of("labs-jj-ecs-task-role", "labs-jj-ecs-task-execution-role")) {
            account.iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(HandBuilt.ECS_TASKS_TRUST));
        }
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("update   IAM role           labs-jj-ecs-task-role: replace the trust policy"), result::toString);
        assertTrue(account.iam.trust("labs-jj-ecs-task-role").contains("\"aws:SourceArn\":\"arn:aws:ecs:eu-west-1:123456789012:*\""),
                account.iam.trust("labs-jj-ecs-task-role"));
        assertTrue(account.iam.trust("labs-jj-ecs-task-execution-role").contains("\"aws:SourceAccount\":\"123456789012\""),
                account.iam.trust("labs-jj-ecs-task-execution-role"));
    }

    /** A value as GitHub's workflow commands carry it (toolkit's escapeData). */
    private static String commandData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    @Test
    void underGithubActionsGeneratedSecretsAreMaskedAndNeverShown() {
        Cli.Result result = account.cli().env("GITHUB_ACTIONS", "true").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        String password = account.rds.passwords.get("labs-jj-postgres");
        String secretKey = account.secrets.value("labs-jj-django-secret-key");
        assertTrue(result.err().contains("::add-mask::" + commandData(password)), "the password is masked in the job log");
        assertTrue(result.err().contains("::add-mask::" + commandData(secretKey)), "the secret key is masked in the job log");
        assertTrue(result.err().lines().filter(l -> l.contains(password) || l.contains(secretKey)).allMatch(l -> l.startsWith("::add-mask::")),
                "only GitHub's mask commands carry the values");
        assertFalse(result.out().contains(password) || result.out().contains(secretKey));
    }

    @Test
    void aStoppedDatabaseIsLeftAsIsUnlessProvisionNeedsItsEndpoint() {
        HandBuilt.stack(account, "labs-jj");
        account.rds.instances.computeIfPresent("labs-jj-postgres", (id, db) -> db.toBuilder().dbInstanceStatus("stopped").build());
        account.logs.deleteLogGroup(r -> r.logGroupName("/ecs/labs-jj-worker"));
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("labs-jj-postgres is stopped: left as is");

        account.secrets.secrets.remove("labs-jj-database-url");
        Cli.Result needsIt = account.provision();
        assertEquals(2, needsIt.exitCode(), needsIt::toString);
        needsIt.assertErrContains("aws rds start-db-instance --db-instance-identifier labs-jj-postgres");
    }

    @Test
    void theExecutionRoleMayReadTheAppSecretsAndProvisionReportsThem() {
        Cli.Result result = account.provision();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("App secrets: none yet (jbang config@labs set --secret NAME creates labs-jj-app-secrets"),
                result::toString);
        String policy = account.iam.inline.get("labs-jj-ecs-task-execution-role").get("labs-jj-read-secrets");
        assertTrue(policy.contains("\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-app-secrets-??????\""), policy);

        account.secrets.secret("labs-jj-app-secrets", "{\"TOKEN\":\"app-value\"}");
        Cli.Result again = account.provision();
        assertTrue(again.err().contains("App secrets: labs-jj-app-secrets, changed "), again::toString);
        assertFalse(again.err().contains("app-value"), again::toString);
    }
}
