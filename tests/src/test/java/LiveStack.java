import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The stack with the default names as a deploy finds it: web and worker running revision 1 of
 * task definitions like the hand-built ones (secrets, environment, awslogs, roles, Fargate sizes),
 * services with a network configuration and the deployment circuit breaker, an ECR repository,
 * log groups, and a clock that moves when the code under test sleeps.
 */
final class LiveStack {
    static final String CLUSTER = "labs-jj-cluster";
    static final String REPOSITORY = "labs-jj-commcare-connect";
    static final String OLD_IMAGE = FakeEcr.REGISTRY + "/" + REPOSITORY + ":abc1234";
    static final String NEW_IMAGE = FakeEcr.REGISTRY + "/" + REPOSITORY + ":def5678";
    static final String WEB_IP = "54.12.34.56";

    final FakeTicker ticker = new FakeTicker();
    final FakeEcs ecs = new FakeEcs();
    final FakeEc2 ec2 = new FakeEc2();
    final FakeEcr ecr = new FakeEcr();
    final FakeLogs logs = new FakeLogs();
    TaskDefinition web;
    TaskDefinition worker;
    /** The web as deploy's smoke check reaches it: new tasks get the public IP 127.0.0.1 and LABS_WEB_PORT is its port. */
    WebStub webServer;

    static LiveStack running() {
        LiveStack stack = new LiveStack();
        stack.ecs.clock = stack.ticker::now;
        stack.ecs.logs = stack.logs;
        stack.ecs.ec2 = stack.ec2;
        stack.ticker.onSleep(stack.ecs::step);
        stack.ecs.cluster(CLUSTER);
        stack.logs.group("/ecs/labs-jj-web").group("/ecs/labs-jj-worker");
        stack.ecr.repository(REPOSITORY, "abc1234", "def5678");
        stack.web = stack.ecs.registerTaskDefinition(definition("web", "/start", OLD_IMAGE)).taskDefinition();
        stack.worker = stack.ecs.registerTaskDefinition(definition("worker", "/start_celery", OLD_IMAGE)).taskDefinition();
        stack.service("web", stack.web, "eni-web1", WEB_IP);
        stack.service("worker", stack.worker, "eni-worker1", "54.9.9.9");
        stack.ecs.registered.clear();
        stack.ecs.calls.clear();
        return stack;
    }

    private void service(String name, TaskDefinition definition, String eni, String ip) {
        String service = "labs-jj-" + name;
        ecs.service(CLUSTER, service, definition, 1, 1);
        ecs.updateService(CLUSTER, service, s -> s.launchType("FARGATE").platformVersion("LATEST")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1", "subnet-2")
                        .securityGroups("sg-labs").assignPublicIp("ENABLED")))
                .deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(200)
                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
        ecs.task(CLUSTER, service, definition, "RUNNING", eni);
        ec2.networkInterface(eni, ip);
    }

    /** A task definition like the hand-built stack's: what a copy must carry over. */
    static RegisterTaskDefinitionRequest definition(String service, String command, String image) {
        String family = "labs-jj-" + service;
        ContainerDefinition.Builder container = ContainerDefinition.builder().name(service).image(image).essential(true)
                .command(command)
                .environment(KeyValuePair.builder().name("DJANGO_SETTINGS_MODULE").value("config.settings.staging").build(),
                        KeyValuePair.builder().name("REDIS_URL").value("redis://labs-jj-redis:6379/0").build())
                .secrets(Secret.builder().name("DJANGO_SECRET_KEY").valueFrom(secretArn("labs-jj-django-secret-key")).build(),
                        Secret.builder().name("DATABASE_URL").valueFrom(secretArn("labs-jj-database-url")).build())
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(java.util.Map.of("awslogs-group",
                        "/ecs/" + family, "awslogs-region", FakeEcs.REGION, "awslogs-stream-prefix", "ecs")));
        if (service.equals("web")) container.portMappings(p -> p.containerPort(8000).protocol("tcp"));
        return RegisterTaskDefinitionRequest.builder().family(family)
                .taskRoleArn("arn:aws:iam::" + FakeEcs.ACCOUNT + ":role/labs-jj-ecs-task-role")
                .executionRoleArn("arn:aws:iam::" + FakeEcs.ACCOUNT + ":role/labs-jj-ecs-task-execution-role")
                .networkMode(NetworkMode.AWSVPC).requiresCompatibilitiesWithStrings("FARGATE").cpu("512").memory("1024")
                .runtimePlatform(r -> r.cpuArchitecture("X86_64").operatingSystemFamily("LINUX"))
                .tags(Tag.builder().key("labs:prefix").value("labs-jj").build(), Tag.builder().key("managed-by").value("labs").build())
                .containerDefinitions(container.build())
                .build();
    }

    static String secretArn(String name) {
        return "arn:aws:secretsmanager:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":secret:" + name + "-AbCdEf";
    }

    Cli cli() {
        Cli cli = new Cli().with(EcsClient.class, ecs).with(Ec2Client.class, ec2).with(EcrClient.class, ecr)
                .with(CloudWatchLogsClient.class, logs).ticker(ticker);
        return webServer == null ? cli : cli.env("LABS_WEB_PORT", String.valueOf(webServer.port()));
    }

    /** Starts a loopback server that answers for the web tasks that deploy starts from now on. */
    WebStub serveWeb() {
        webServer = new WebStub();
        ecs.taskPublicIp = "127.0.0.1";
        return webServer;
    }

    /** Deploy's URL for the new web task. */
    String webUrl() {
        return "http://127.0.0.1:" + webServer.port() + "/";
    }

    /** The service as ECS describes it now. */
    software.amazon.awssdk.services.ecs.model.Service service(String name) {
        return ecs.services.get(CLUSTER + "/labs-jj-" + name);
    }

    List<String> updatedTaskDefinitions() {
        return ecs.updates.stream().map(u -> u.service() + " " + (u.taskDefinition() == null ? "(same)" : Ecs.revisionOf(u.taskDefinition())))
                .toList();
    }
}
