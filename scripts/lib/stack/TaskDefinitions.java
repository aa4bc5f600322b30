import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** The web and worker task definitions and deployment settings, rendered from the spec: pure. */
final class TaskDefinitions {
    /**
     * What the containers run with: resolved ARNs and endpoints. Redis is either a secret (redisUrlArn,
     * a Redis with TLS and AUTH) or a plain redis:// URL (redisUrl, an adopted cache without AUTH).
     */
    record Inputs(String image, String executionRoleArn, String taskRoleArn, String djangoSecretKeyArn,
            String databaseUrlArn, String redisUrlArn, String redisUrl) {
    }

    /** ECS deployment limits, in percent of the desired count. */
    record Deployment(int minimumHealthyPercent, int maximumPercent) {
    }

    private TaskDefinitions() {
    }

    static String command(AppService service) {
        return switch (service) { case WEB -> "/start"; case WORKER -> "/start_celery"; };
    }

    /**
     * The worker runs Celery beat: minimum 0 %, maximum 100 % makes ECS stop the old worker before it
     * starts the new one, so two schedulers never run at once. The web keeps serving during a deploy.
     */
    static Deployment deployment(AppService service) {
        return switch (service) { case WEB -> new Deployment(100, 200); case WORKER -> new Deployment(0, 100); };
    }

    static DeploymentConfiguration deploymentConfiguration(AppService service) {
        Deployment deployment = deployment(service);
        return DeploymentConfiguration.builder()
                .minimumHealthyPercent(deployment.minimumHealthyPercent())
                .maximumPercent(deployment.maximumPercent())
                .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
                .build();
    }

    /** The plain URL of an adopted Redis without TLS and AUTH. */
    static String redisUrl(String host) {
        return "redis://" + host + ":" + StackSpec.REDIS_PORT + "/0";
    }

    static RegisterTaskDefinitionRequest render(StackSpec spec, AppService service, Inputs inputs) {
        Names names = spec.names();
        ContainerDefinition.Builder container = ContainerDefinition.builder()
                .name(names.container(service))
                .image(inputs.image())
                .essential(true)
                .command(command(service))
                .secrets(Secret.builder().name("DJANGO_SECRET_KEY").valueFrom(inputs.djangoSecretKeyArn()).build(),
                        Secret.builder().name("DATABASE_URL").valueFrom(inputs.databaseUrlArn()).build())
                .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(Map.of(
                        "awslogs-group", names.logGroup(service),
                        "awslogs-region", spec.region(),
                        "awslogs-stream-prefix", names.logStreamPrefix())).build());
        if (service == AppService.WEB) {
            container.portMappings(PortMapping.builder().containerPort(spec.webPort()).protocol(TransportProtocol.TCP).build());
            if (spec.webHealthCheck() != null) {
                container.healthCheck(Revisions.healthCheck(spec.webHealthCheck()));
            }
        }
        AppEnvironment.StackValues stack = new AppEnvironment.StackValues(inputs.redisUrl(), spec.webPort(), names.prefix(),
                names.app(), spec.region());
        AppEnvironment environment = AppEnvironment.empty().refreshed(AppEnvironment.defaults(stack),
                AppEnvironment.expand(spec.environment(), stack, "labs.properties"));
        ContainerDefinition rendered = RevisionEnvironment.write(container.build(), environment, inputs.redisUrl());
        if (inputs.redisUrlArn() != null) rendered = RevisionEnvironment.withRedisSecret(rendered, inputs.redisUrlArn());
        return RegisterTaskDefinitionRequest.builder()
                .family(names.taskFamily(service))
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu(StackSpec.CPU)
                .memory(StackSpec.MEMORY)
                .runtimePlatform(Revisions.runtimePlatform(spec.cpuArchitecture()))
                .executionRoleArn(inputs.executionRoleArn())
                .taskRoleArn(inputs.taskRoleArn())
                .containerDefinitions(rendered)
                .tags(names.tags().entrySet().stream()
                        .map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())
                .build();
    }
}
