import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The deploy role that `provision --github-repo` writes can do what the workflow does with it: each
 * AWS call of deploy (with and without --migrate, with --image TAG), migrate, rollback, ip, status
 * and logs, run as the workflow runs them against the stack provision made, is evaluated against the
 * role's policies as IAM would (IamPolicy), with the extra authorizations AWS makes (IamRequests).
 */
class DeployRolePolicyTest {
    private static final String ROLE = "github-actions-labs-deploy";
    private static final String REPOSITORY = "labs-jj-commcare-connect";
    private static final List<String> WORKFLOW_ARGUMENTS = List.of("--prefix", "labs-jj", "--region", FakeEcs.REGION);

    private final FakeAccount account = new FakeAccount();
    private final RecordedCalls recorded = new RecordedCalls();
    /** deploy's smoke check (an HTTP GET, no AWS call) reaches this loopback server, never the internet. */
    private final WebStub web = new WebStub();
    private IamPolicy deployRole;

    @AfterEach
    void stopTheWeb() {
        web.close();
    }

    @BeforeEach
    void provisionWithTheDeployRole() {
        Cli.Result provision = account.provision("--github-repo", "acme/app");
        assertEquals(0, provision.exitCode(), provision::toString);
        List<String> documents = new ArrayList<>(account.iam.inline.get(ROLE).values());
        assertTrue(account.iam.attached.get(ROLE).isEmpty(), "the deploy role has only its inline policy");
        deployRole = IamPolicy.of(documents);

        account.ecs.clock = account.ticker::now;
        account.ecs.logs = account.logs;
        account.ecs.ec2 = account.ec2;
        account.ecs.taskPublicIp = "127.0.0.1";
        account.ticker.onSleep(account.ecs::step);
        account.ecr.repository(REPOSITORY, "def5678", "0a1b2c3");
    }

    /** The fakes of the account, each wrapped to record the calls, as the deploy role's session would make them. */
    private Cli asTheWorkflow() {
        return new Cli().with(EcsClient.class, recorded.wrap(EcsClient.class, account.ecs))
                .with(Ec2Client.class, recorded.wrap(Ec2Client.class, account.ec2))
                .with(EcrClient.class, recorded.wrap(EcrClient.class, account.ecr))
                .with(CloudWatchLogsClient.class, recorded.wrap(CloudWatchLogsClient.class, account.logs))
                .with(RdsClient.class, recorded.wrap(RdsClient.class, account.rds))
                .with(ElastiCacheClient.class, recorded.wrap(ElastiCacheClient.class, account.elastiCache))
                .with(SecretsManagerClient.class, recorded.wrap(SecretsManagerClient.class, account.secrets))
                .with(StsClient.class, recorded.wrap(StsClient.class, new FakeSts()))
                .with(S3Client.class, recorded.wrap(S3Client.class, account.s3))
                .with(CodeBuildClient.class, recorded.wrap(CodeBuildClient.class, account.codeBuild))
                .with(PricingClient.class, recorded.wrap(PricingClient.class, account.pricing))
                .with(SchedulerClient.class, recorded.wrap(SchedulerClient.class, account.scheduler))
                .env("GITHUB_ACTIONS", "true")
                .env("LABS_WEB_PORT", String.valueOf(web.port()))
                .ticker(account.ticker);
    }

    private Cli.Result run(Object command, String... args) {
        List<String> arguments = new ArrayList<>(WORKFLOW_ARGUMENTS);
        arguments.addAll(List.of(args));
        Cli.Result result = asTheWorkflow().run(command, arguments.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    /** What IAM authorizes for the calls recorded so far, each once, in order. */
    private List<IamPolicy.Request> requests() {
        IamRequests iam = new IamRequests(FakeEcs.REGION, FakeEcs.ACCOUNT, account.ecs);
        Set<IamPolicy.Request> requests = new LinkedHashSet<>();
        recorded.calls().forEach(call -> requests.addAll(iam.of(call)));
        return List.copyOf(requests);
    }

    /** Every authorization the recorded calls need that the deploy role does not grant, one line each. */
    private List<String> denied() {
        return requests().stream().filter(r -> !deployRole.allows(r)).map(IamPolicy.Request::toString).toList();
    }

    private Set<String> actions() {
        Set<String> actions = new LinkedHashSet<>();
        requests().forEach(r -> actions.add(r.action()));
        return actions;
    }

    /** Two deploys (so that there is something to roll back to), then each other command the workflow may run. */
    private void runEveryCommand() {
        run(new Deploy(), "--image", "def5678", "--migrate");
        run(new Deploy(), "--image", "0a1b2c3");
        run(new Migrate());
        run(new Rollback());
        run(new Ip(), "--url");
        run(new Status());
        run(new Logs(), "--since", "1h");
        run(new Logs(), "--service", "web", "--since", "1h");
        String migration = account.ecs.tasks.values().stream().filter(t -> t.group().startsWith("family:"))
                .map(t -> Ecs.taskId(t.taskArn())).reduce((first, last) -> last).orElseThrow();
        run(new Logs(), "--task", migration);
    }

    /**
     * The authorizations that the workflow's commands need, as recorded in a fake account (account
     * FakeEcs.ACCOUNT, region FakeEcs.REGION, prefix labs-jj): AwsEndpointTest asks IAM's policy
     * simulator about the same requests on a real role.
     */
    static List<IamPolicy.Request> everyRequestOfTheWorkflow() {
        DeployRolePolicyTest scenario = new DeployRolePolicyTest();
        scenario.provisionWithTheDeployRole();
        scenario.runEveryCommand();
        return scenario.requests();
    }

    @Test
    void deployOfAnImageTagWithMigrationsIsAllowed() {
        run(new Deploy(), "--image", "def5678", "--migrate");
        assertEquals(List.of(), denied());
        assertTrue(actions().containsAll(List.of("ecr:DescribeRepositories", "ecr:DescribeImages", "ecs:RegisterTaskDefinition",
                "ecs:TagResource", "iam:PassRole", "ecs:RunTask", "ecs:UpdateService", "ec2:DescribeNetworkInterfaces")),
                actions()::toString);
    }

    /** Where jbang-action's container has no Docker daemon: the build context goes to S3, the build runs on CodeBuild. */
    @Test
    void deployWithTheCodeBuildBuilderIsAllowed() throws Exception {
        SampleApp sample = SampleApp.create();
        try {
            sample.write("Dockerfile", "FROM python:3.11-slim-bookworm\nCOPY . /app\n");
            sample.commit("a Dockerfile");
            account.codeBuild.clock = account.ticker::now;
            account.codeBuild.logs = account.logs;
            account.codeBuild.s3 = account.s3;
            account.codeBuild.ecr = account.ecr;
            account.ticker.onSleep(account.codeBuild::step);
            Cli.Result result = asTheWorkflow().in(sample.app).run(new Deploy(), "--prefix", "labs-jj", "--region", FakeEcs.REGION,
                    "--builder", "codebuild");
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(List.of(), denied());
            assertTrue(actions().containsAll(List.of("s3:GetObject", "s3:PutObject", "codebuild:BatchGetProjects", "codebuild:StartBuild",
                    "codebuild:BatchGetBuilds", "logs:GetLogEvents", "ecr:DescribeImages")), actions()::toString);
        } finally {
            sample.delete();
        }
    }

    @Test
    void deployWithoutMigrationsIsAllowed() {
        run(new Deploy(), "--image", "def5678");
        assertEquals(List.of(), denied());
    }

    @Test
    void migrateRollbackIpStatusAndLogsAreAllowed() {
        runEveryCommand();
        assertEquals(List.of(), denied());
        assertTrue(actions().containsAll(List.of("ecs:RunTask", "ecs:UpdateService", "ecs:DescribeClusters", "ec2:DescribeNetworkInterfaces",
                "logs:FilterLogEvents", "rds:DescribeDBInstances")), actions()::toString);
    }

    /** sleep as an operator would run it (it creates its scheduler role, which the deploy role may not). */
    private void sleepAsAnOperator() {
        Cli.Result sleep = account.cli().ticker(account.ticker).run(new Sleep(), WORKFLOW_ARGUMENTS.toArray(String[]::new));
        assertEquals(0, sleep.exitCode(), sleep::toString);
        recorded.clear();
    }

    @Test
    void wakeAndDeployWithWakeAreAllowed() {
        run(new Deploy(), "--image", "def5678");
        sleepAsAnOperator();
        run(new Status()); // asleep, status looks for sleep's schedule too
        run(new Wake());
        assertEquals(List.of(), denied());
        assertTrue(actions().containsAll(List.of("scheduler:GetSchedule", "scheduler:DeleteSchedule", "rds:StartDBInstance",
                "ecs:UntagResource", "ecs:UpdateService")), actions()::toString);

        sleepAsAnOperator();
        run(new Deploy(), "--image", "0a1b2c3", "--wake");
        assertEquals(List.of(), denied());
        assertTrue(actions().containsAll(List.of("rds:StartDBInstance", "ecs:UntagResource", "ecs:RegisterTaskDefinition")),
                actions()::toString);
    }

    @Test
    void theDeployRoleRemovesNoTagButSleepsAndMakesNoRole() {
        String web = "arn:aws:ecs:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":service/labs-jj-cluster/labs-jj-web";
        assertTrue(deployRole.allows(new IamPolicy.Request("ecs:UntagResource", web,
                Map.of("aws:TagKeys", List.of(SleepTags.SINCE, SleepTags.AWAKE_COUNT)))));
        assertFalse(deployRole.allows(new IamPolicy.Request("ecs:UntagResource", web,
                Map.of("aws:TagKeys", List.of(SleepTags.SINCE, "labs:prefix")))));
        String sleepRole = "arn:aws:iam::" + FakeEcs.ACCOUNT + ":role/labs-jj-sleep-role";
        for (String action : List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole")) {
            assertFalse(deployRole.allows(new IamPolicy.Request(action, sleepRole, Map.of())), action);
        }
        assertFalse(deployRole.allows(new IamPolicy.Request("rds:StopDBInstance",
                "arn:aws:rds:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":db:labs-jj-postgres", Map.of())));
    }

    /** Policies.deploy grants this one on "*" on purpose (see there); every other call is held to this stack. */
    private static final Set<String> GRANTED_ON_ANY_RESOURCE = Set.of("ecs:RegisterTaskDefinition");

    @Test
    void theSameCallsOnAnotherStackAreDenied() {
        run(new Deploy(), "--image", "def5678", "--migrate");
        run(new Status());
        run(new Logs(), "--since", "1h");
        List<IamPolicy.Request> beforeSleep = requests();
        sleepAsAnOperator();
        run(new Wake());
        List<IamPolicy.Request> all = new ArrayList<>(beforeSleep);
        all.addAll(requests());
        List<String> allowedElsewhere = new ArrayList<>();
        for (IamPolicy.Request request : all) {
            if (request.resource().equals("*") || GRANTED_ON_ANY_RESOURCE.contains(request.action())) continue;
            IamPolicy.Request elsewhere = new IamPolicy.Request(request.action(),
                    request.resource().replace("labs-jj", "labs-prod"), request.context());
            if (deployRole.allows(elsewhere)) allowedElsewhere.add(elsewhere.toString());
        }
        assertEquals(List.of(), allowedElsewhere);
    }
}
