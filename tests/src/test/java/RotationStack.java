import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The default stack in fakes with its two secrets, RDS holding the password of the current
 * DATABASE_URL, every fake sharing one {@link Faults}, and a restart that replaces the tasks, each
 * new task reading the secrets' current values as ECS does at task start.
 */
final class RotationStack {
    static final String DB = "labs-jj-postgres";
    static final String DATABASE_URL = "labs-jj-database-url";
    static final String DJANGO_KEY = "labs-jj-django-secret-key";
    static final String HOST = DB + ".abc123.eu-west-1.rds.amazonaws.com";
    static final String OLD_PASSWORD = "old-Pass.word~1";
    static final String OLD_URL = "postgres://labs:" + OLD_PASSWORD + "@" + HOST + ":5432/connect?sslmode=require";
    static final String OLD_KEY = "old-django-key-0123456789abcdefghijklmnopqrstuvwxyz";

    final Stacks stack = Stacks.running();
    final FakeTicker ticker = new FakeTicker();
    final FakeSecretsManager secrets = new FakeSecretsManager();
    final Faults faults = new Faults();
    final Restart restart = new Restart();
    /** The secrets each task read when it started, by task ARN. */
    final Map<String, Map<String, String>> secretsOfTask = new HashMap<>();
    final List<Cli.Result> results = new ArrayList<>();

    RotationStack() {
        stack.rds.password(DB, OLD_PASSWORD);
        stack.rds.faults = faults;
        secrets.faults = faults;
        secrets.secret(DATABASE_URL, OLD_URL).secret(DJANGO_KEY, OLD_KEY);
        stack.ecs.tasks.keySet().forEach(arn -> secretsOfTask.put(arn, currentSecrets()));
    }

    Cli.Result run(String... args) {
        return run(new Cli(), args);
    }

    Cli.Result run(Cli cli, String... args) {
        RotateSecret command = new RotateSecret();
        command.serviceRestart = restart;
        cli.ticker(ticker).with(EcsClient.class, new FaultyEcs()).with(software.amazon.awssdk.services.ec2.Ec2Client.class, stack.ec2)
                .with(software.amazon.awssdk.services.rds.RdsClient.class, stack.rds)
                .with(SecretsManagerClient.class, secrets);
        Cli.Result result = cli.run(command, args);
        results.add(result);
        return result;
    }

    String rdsPassword() {
        return stack.rds.passwords.get(DB);
    }

    String passwordOf(String databaseUrl) {
        return DatabaseUrl.parse(databaseUrl, "test").decodedPassword();
    }

    String currentPassword() {
        return passwordOf(secrets.value(DATABASE_URL, FakeSecretsManager.CURRENT));
    }

    /** The passwords Secrets Manager holds as the current or the pending version. */
    Set<String> storedPasswords() {
        return secrets.get(DATABASE_URL).versions.values().stream()
                .filter(v -> v.stages.contains("AWSCURRENT") || v.stages.contains("AWSPENDING"))
                .map(v -> passwordOf(v.value)).collect(Collectors.toSet());
    }

    /** The invariant of the rotation protocol: the password RDS holds is never lost. */
    void assertRdsPasswordIsInTheSecret() {
        assertTrue(storedPasswords().contains(rdsPassword()), "RDS holds a password that is neither current nor pending");
    }

    /** The end state: the current secret matches RDS, no pending version or marker is left, the tasks use it. */
    void assertConsistent() {
        assertEquals(rdsPassword(), currentPassword(), "the current DATABASE_URL does not match RDS");
        FakeSecretsManager.Secret secret = secrets.get(DATABASE_URL);
        assertTrue(secret.withStage("AWSPENDING").map(v -> v.stages.contains("AWSCURRENT")).orElse(true),
                "a pending version is left");
        assertTrue(stack.rds.instances.get(DB).tagList().stream().noneMatch(t -> t.key().equals(RdsMasterPassword.MARKER_TAG)),
                "the marker tag is left");
        for (Task task : runningTasks()) {
            assertEquals(rdsPassword(), passwordOf(secretsOfTask.get(task.taskArn()).get(DATABASE_URL)),
                    "task " + task.taskArn() + " started with another password");
        }
        assertEquals(2, runningTasks().size());
    }

    List<Task> runningTasks() {
        return stack.ecs.tasks.values().stream().filter(t -> "RUNNING".equals(t.lastStatus())).toList();
    }

    /** No value of any secret version, nor a password RDS held, in any output of any run. */
    void assertNoSecretInOutput() {
        List<String> values = new ArrayList<>();
        secrets.secrets.values().forEach(s -> s.versions.values().forEach(v -> values.add(v.value)));
        secrets.get(DATABASE_URL).versions.values().forEach(v -> values.add(passwordOf(v.value)));
        stack.rds.modifications.forEach(m -> values.add(m.masterUserPassword()));
        for (Cli.Result result : results) {
            for (String value : values) {
                assertFalse(result.out().contains(value) || result.err().contains(value), "a secret value in the output:\n" + result);
            }
        }
    }

    private Map<String, String> currentSecrets() {
        return Map.of(DATABASE_URL, secrets.value(DATABASE_URL, FakeSecretsManager.CURRENT),
                DJANGO_KEY, secrets.value(DJANGO_KEY, FakeSecretsManager.CURRENT));
    }

    /** ECS replacing each service's tasks: new tasks read the current secrets, then the old ones stop. */
    final class Restart implements ServiceRestart {
        final List<List<String>> calls = new ArrayList<>();
        String failure;

        @Override
        public void restart(List<AppService> services) {
            faults.call("ecs:ForceNewDeployment", () -> {
                calls.add(services.stream().map(service -> service.id).toList());
                if (failure != null) throw LabsException.failed(failure);
                for (AppService service : services) replaceTasks("labs-jj-" + service.id);
            });
        }

        private void replaceTasks(String service) {
            TaskDefinition definition = service.endsWith("web") ? stack.web : stack.worker;
            List<Task> old = runningTasks().stream().filter(t -> t.group().equals("service:" + service)).toList();
            Task started = stack.ecs.task("labs-jj-cluster", service, definition, "RUNNING", "eni-" + service + "-new");
            secretsOfTask.put(started.taskArn(), currentSecrets());
            for (Task task : old) {
                stack.ecs.tasks.put(task.taskArn(), task.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED")
                        .stopCode("ServiceSchedulerInitiated").stoppedReason("Task stopped by a new deployment")
                        .stoppedAt(ticker.now()).build());
            }
        }
    }

    /** The stack's FakeEcs with the shared faults on the calls rotate-secret makes. */
    final class FaultyEcs implements EcsClient {
        @Override
        public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
            return faults.call("ecs:DescribeServices", () -> stack.ecs.describeServices(request));
        }

        @Override
        public ListTasksResponse listTasks(ListTasksRequest request) {
            return faults.call("ecs:ListTasks", () -> stack.ecs.listTasks(request));
        }

        @Override
        public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
            return faults.call("ecs:DescribeTasks", () -> stack.ecs.describeTasks(request));
        }

        @Override
        public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest request) {
            return faults.call("ecs:DescribeTaskDefinition", () -> stack.ecs.describeTaskDefinition(request));
        }

        @Override
        public String serviceName() {
            return "ecs";
        }

        @Override
        public void close() {
        }
    }

    static void assertNoLabel(FakeSecretsManager.Secret secret, String versionId) {
        assertNull(secret.versions.get(versionId).stages.stream().findFirst().orElse(null),
                "version " + versionId + " still has labels");
    }
}
