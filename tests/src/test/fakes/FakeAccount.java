import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One AWS account in fakes, every service the commands use, sharing one fault injector and one
 * clock: ECS stamps its records with the clock's time and takes its next step (starts or stops a
 * task, writes a log line) whenever the code under test sleeps.
 */
class FakeAccount {
    final Faults faults = new Faults();
    final FakeEc2 ec2 = new FakeEc2();
    final FakeRds rds = new FakeRds();
    final FakeElastiCache elastiCache = new FakeElastiCache();
    final FakeEcr ecr = new FakeEcr();
    final FakeLogs logs = new FakeLogs();
    final FakeSecretsManager secrets = new FakeSecretsManager();
    final FakeIam iam = new FakeIam();
    final FakeEcs ecs = new FakeEcs();
    final FakeS3 s3 = new FakeS3();
    final FakeCodeBuild codeBuild = new FakeCodeBuild();
    final FakeScheduler scheduler = new FakeScheduler();
    final FakeTicker ticker = new FakeTicker();

    FakeAccount() {
        ec2.faults = faults;
        rds.faults = faults;
        elastiCache.faults = faults;
        ecr.faults = faults;
        logs.faults = faults;
        secrets.faults = faults;
        iam.faults = faults;
        ecs.faults = faults;
        s3.faults = faults;
        codeBuild.faults = faults;
        scheduler.faults = faults;
        ecs.clock = ticker::now;
        ecs.logs = logs;
        ecs.ec2 = ec2;
        ticker.onSleep(ecs::step);
    }

    /** The calls so far that change something (every fake records those; some record reads too). */
    List<String> changes() {
        return faults.calls.stream().filter(call -> !call.matches("[a-z0-9]+:(Describe|Get|List).*")).toList();
    }

    Cli cli() {
        return new Cli().with(Ec2Client.class, ec2).with(RdsClient.class, rds).with(ElastiCacheClient.class, elastiCache)
                .with(EcrClient.class, ecr).with(CloudWatchLogsClient.class, logs).with(SecretsManagerClient.class, secrets)
                .with(IamClient.class, iam).with(EcsClient.class, ecs).with(StsClient.class, new FakeSts())
                .with(software.amazon.awssdk.services.s3.S3Client.class, s3)
                .with(software.amazon.awssdk.services.codebuild.CodeBuildClient.class, codeBuild)
                .with(software.amazon.awssdk.services.scheduler.SchedulerClient.class, scheduler)
                .ticker(ticker)
                // no internet in tests: provision asks GitHub for repository ids only where a test serves them on loopback
                .env("LABS_GITHUB_API", "none");
    }

    Cli.Result provision(String... args) {
        return cli().run(new Provision(), args);
    }

    /** A teardown of the prefix named in LABS_PREFIX (labs-jj unless an option names another): teardown has no default. */
    Cli.Result teardown(String stdin, String... args) {
        Cli cli = cli().env("LABS_PREFIX", "labs-jj");
        cli.stdin = stdin;
        return cli.run(new Teardown(), args);
    }

    /**
     * Every resource of the account by name with the settings that matter, ids left out: two
     * accounts with the same fingerprint hold the same stack.
     */
    List<String> fingerprint() {
        TreeSet<String> lines = new TreeSet<>();
        ec2.vpcs.values().forEach(v -> lines.add("vpc " + name(v.tags()) + " " + v.cidrBlock() + " dns=" + ec2.vpcDns.get(v.vpcId())[0]
                + "/" + ec2.vpcDns.get(v.vpcId())[1] + " " + tags(v.tags())));
        ec2.subnets.values().forEach(s -> lines.add("subnet " + name(s.tags()) + " " + s.cidrBlock() + " " + s.availabilityZone()
                + " publicIp=" + s.mapPublicIpOnLaunch() + " " + tags(s.tags())));
        ec2.gateways.values().forEach(g -> lines.add("igw " + name(g.tags()) + " attached=" + g.attachments().size() + " " + tags(g.tags())));
        ec2.routeTables.values().stream().filter(t -> !t.tags().isEmpty()).forEach(t -> lines.add("rt " + name(t.tags()) + " routes="
                + t.routes().size() + " associations=" + t.associations().size() + " " + tags(t.tags())));
        ec2.securityGroups.values().stream().filter(g -> !"default".equals(g.groupName())).forEach(g -> lines.add("sg " + g.groupName()
                + " " + g.ipPermissions().stream().map(p -> p.fromPort() + (p.ipRanges().isEmpty() ? "/group" : "/" + p.ipRanges().get(0).cidrIp()))
                        .sorted().toList() + " " + tags(g.tags())));
        rds.subnetGroups.keySet().forEach(n -> lines.add("db-subnet-group " + n));
        rds.instances.values().forEach(i -> lines.add("rds " + i.dbInstanceIdentifier() + " " + i.dbInstanceStatus() + " " + i.dbInstanceClass()
                + " " + i.allocatedStorage() + " " + i.storageType()));
        elastiCache.subnetGroups.keySet().forEach(n -> lines.add("cache-subnet-group " + n));
        elastiCache.clusters.values().forEach(c -> lines.add("redis " + c.cacheClusterId() + " " + c.cacheClusterStatus() + " " + c.cacheNodeType()));
        ecr.repositories.values().forEach(r -> lines.add("ecr " + r.repositoryName() + " scan=" + r.imageScanningConfiguration().scanOnPush()
                + " lifecycle=" + (ecr.lifecyclePolicies.get(r.repositoryName()) != null)));
        logs.groups.keySet().forEach(name -> lines.add("logs " + name + " " + logs.retention.get(name)));
        secrets.secrets.keySet().forEach(name -> lines.add("secret " + name + " deleted=" + secrets.deletedDates.containsKey(name)));
        iam.roles.keySet().forEach(r -> lines.add("role " + r + " attached=" + iam.attached.get(r) + " inline=" + iam.inline.get(r).keySet()));
        iam.oidcProviders.forEach(p -> lines.add("oidc " + p));
        ecs.clusters.keySet().forEach(c -> lines.add("cluster " + c));
        scheduler.schedules.values().forEach(s -> lines.add("schedule " + s.name() + " " + s.target().arn()));
        s3.buckets.keySet().forEach(b -> lines.add("s3 " + b + " " + s3.settings.getOrDefault(b, java.util.Map.of()).keySet()));
        codeBuild.projects.values().forEach(p -> lines.add("codebuild " + p.name() + " " + p.environment().typeAsString()
                + " privileged=" + p.environment().privilegedMode() + " role=" + p.serviceRole()));
        // ECS shows INACTIVE services for a while after their deletion: gone for the user
        ecs.taskDefinitions.forEach((family, revisions) -> {
            long active = revisions.stream().filter(d -> "ACTIVE".equals(d.statusAsString())).count();
            long inactive = revisions.stream().filter(d -> "INACTIVE".equals(d.statusAsString())).count();
            if (active + inactive > 0) lines.add("task-definition " + family + " active=" + active + " inactive=" + inactive);
        });
        ecs.services.values().stream().filter(s -> !"INACTIVE".equals(s.status()))
                .forEach(s -> lines.add("service " + s.serviceName() + " " + s.status() + " desired=" + s.desiredCount()));
        return new ArrayList<>(lines);
    }

    private static String name(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return tags.stream().filter(t -> "Name".equals(t.key())).map(t -> t.value()).findFirst().orElse("?");
    }

    private static String tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return tags.stream().filter(t -> !"Name".equals(t.key())).map(t -> t.key() + "=" + t.value()).sorted().toList().toString();
    }
}
