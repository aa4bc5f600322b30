import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy, migrate, rollback and logs run through the labs catalog with real JBang against an AWS
 * endpoint on loopback: each script's //DEPS and //SOURCES must hold for a real run, not only for --help.
 */
class RealJBangRunTest {
    private static final String TASK_DEFINITION = "{\"taskDefinitionArn\":\"" + FakeEcs.arn("task-definition/labs-jj-web:7")
            + "\",\"family\":\"labs-jj-web\",\"revision\":7,\"status\":\"ACTIVE\",\"registeredAt\":1795600000,"
            + "\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"" + DefaultStack.OLD_IMAGE + "\",\"logConfiguration\":"
            + "{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/labs-jj-web\",\"awslogs-stream-prefix\":\"ecs\"}}}]}";
    private static final String SERVICE = "{\"serviceName\":\"labs-jj-web\",\"status\":\"ACTIVE\",\"desiredCount\":1,\"runningCount\":1,"
            + "\"launchType\":\"FARGATE\",\"taskDefinition\":\"" + FakeEcs.arn("task-definition/labs-jj-web:7") + "\","
            + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-1\"],\"securityGroups\":[\"sg-1\"]}},"
            + "\"deployments\":[{\"id\":\"ecs-svc/1\",\"status\":\"PRIMARY\",\"rolloutState\":\"COMPLETED\",\"desiredCount\":1,"
            + "\"runningCount\":1,\"taskDefinition\":\"" + FakeEcs.arn("task-definition/labs-jj-web:7") + "\"}],\"events\":[]}";
    private static final String TASK_ARN = FakeEcs.arn("task/labs-jj-cluster/0123456789abcdef0123456789abcdef");

    private CannedAws aws;

    @BeforeEach
    void start() throws Exception {
        RealJBang.jbangDir();
        aws = new CannedAws()
                .answer("DescribeServices", "{\"services\":[" + SERVICE + "],\"failures\":[]}")
                .answer("DescribeTaskDefinition", "{\"taskDefinition\":" + TASK_DEFINITION + ",\"tags\":[]}")
                .answer("ListTaskDefinitions", "{\"taskDefinitionArns\":[\"" + FakeEcs.arn("task-definition/labs-jj-web:7") + "\"]}")
                .answer("FilterLogEvents", "{\"events\":[{\"logStreamName\":\"ecs/web/0123456789abcdef\",\"timestamp\":1795600000000,"
                        + "\"message\":\"GET / 200\",\"eventId\":\"1\"}]}")
                .answer("DescribeRepositories", "{\"repositories\":[{\"repositoryName\":\"labs-jj-commcare-connect\",\"repositoryUri\":\""
                        + FakeEcr.REGISTRY + "/labs-jj-commcare-connect\"}]}")
                .answer("DescribeImages", "{\"imageDetails\":[{\"imageTags\":[\"def5678\"]}]}")
                .answer("RunTask", "{\"tasks\":[{\"taskArn\":\"" + TASK_ARN + "\",\"lastStatus\":\"PROVISIONING\"}],\"failures\":[]}")
                .answer("DescribeTasks", "{\"tasks\":[{\"taskArn\":\"" + TASK_ARN + "\",\"lastStatus\":\"STOPPED\",\"stopCode\":"
                        + "\"EssentialContainerExited\",\"stoppedReason\":\"Essential container in task exited\",\"containers\":"
                        + "[{\"name\":\"web\",\"exitCode\":0}]}],\"failures\":[]}")
                .answer("GetLogEvents", request -> request.contains("nextToken") ? "{\"events\":[],\"nextForwardToken\":\"f/1\"}"
                        : "{\"events\":[{\"timestamp\":1795600000000,\"message\":\"No migrations to apply.\"}],\"nextForwardToken\":\"f/1\"}");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private RealJBang.Result run(String... args) throws Exception {
        return RealJBang.run(aws.environment(), RealJBang.REPO, args);
    }

    @Test
    void logsReadsTheLogGroupOfTheLiveTaskDefinition() throws Exception {
        RealJBang.Result result = run("logs@labs", "--service", "web");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().endsWith("web 0123456789ab GET / 200\n"), result::toString);
        assertTrue(aws.actions.contains("FilterLogEvents"), aws.actions::toString);
    }

    @Test
    void rollbackListsTheRevisions() throws Exception {
        RealJBang.Result result = run("rollback@labs", "--list", "--services", "web");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().lines().toList().get(1).matches("web +labs-jj-web:7 +abc1234 +\\S+ +live"), result::toString);
    }

    @Test
    void deployDryRunChecksTheImageInEcr() throws Exception {
        RealJBang.Result result = run("deploy@labs", "--image", "def5678", "--dry-run", "--services", "web");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("labs-jj-web: labs-jj-web:7 -> a new revision of labs-jj-web"), result::toString);
        assertTrue(aws.actions.containsAll(List.of("DescribeRepositories", "DescribeImages")), aws.actions::toString);
    }

    @Test
    void migrateRunsTheTaskAndExitsWithItsExitCode() throws Exception {
        RealJBang.Result result = run("migrate@labs");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("No migrations to apply.\n", result.out(), result::toString);
        assertTrue(aws.actions.contains("RunTask"), aws.actions::toString);
    }
}
