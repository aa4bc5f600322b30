import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands through real JBang and the real AWS SDK, against the loopback endpoint: covers what
 * the in-process fakes cannot, the SDK's request signing, JSON 1.1 and query/XML serialisation, and
 * how AWS error responses become exceptions and then one sentence.
 */
class EndToEndTest {
    private static LoopbackAws aws;
    private static Path workingDirectory;
    private static Map<String, String> environment;

    @BeforeAll
    static void startEndpoint() throws Exception {
        aws = LoopbackAws.start("labs-jj", 0);
        workingDirectory = Files.createTempDirectory("labs-e2e");
        RealJBang.jbangDir();
        environment = aws.clientEnvironment(workingDirectory);
        environment.put("LABS_PREFIX", "");
    }

    @AfterAll
    static void stopEndpoint() {
        aws.close();
    }

    private static RealJBang.Result run(String... args) throws Exception {
        return RealJBang.run(environment, workingDirectory, args);
    }

    /** stderr without JBang's own progress lines ("[jbang] Building jar ..." on a first run). */
    private static List<String> errorLines(RealJBang.Result result) {
        return result.err().lines().filter(line -> !line.startsWith("[jbang]")).toList();
    }

    @Test
    void ipPrintsTheWebTasksPublicIpAndNothingElse() throws Exception {
        RealJBang.Result result = run("ip@labs");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(LoopbackAws.WEB_PUBLIC_IP + "\n", result.out());
        assertEquals(List.of(), errorLines(result), result::toString);
        assertTrue(aws.calls().containsKey("ec2:DescribeNetworkInterfaces"), aws.calls()::toString);
    }

    @Test
    void ipOfAnotherServiceAsUrl() throws Exception {
        RealJBang.Result result = run("ip@labs", "--service", "worker", "--url");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("http://" + LoopbackAws.WORKER_PUBLIC_IP + ":8000/\n", result.out());
    }

    /** DescribeServices answers a missing service with a failures entry, not an error. */
    @Test
    void missingServiceIsOneSentence() throws Exception {
        RealJBang.Result result;
        try (AutoCloseable gone = aws.withoutService("labs-jj-worker")) {
            result = run("ip@labs", "--service", "worker");
        }
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        List<String> errors = errorLines(result);
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("ECS service 'labs-jj-worker' not found in eu-west-1"), result::toString);
    }

    /** A missing cluster is a ClusterNotFoundException parsed from the JSON error's __type. */
    @Test
    void missingClusterIsOneSentence() throws Exception {
        RealJBang.Result result = run("ip@labs", "--prefix", "labs-xx");
        assertEquals(1, result.exitCode(), result::toString);
        List<String> errors = errorLines(result);
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("ECS cluster 'labs-xx-cluster' not found"), result::toString);
    }

    @Test
    void statusShowsServicesUrlDatabaseAndRedis() throws Exception {
        RealJBang.Result result = run("status@labs");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Service   labs-jj-web  ACTIVE\n"), result::toString);
        assertTrue(result.out().contains("  revision  labs-jj-worker:3  image labs-jj-commcare-connect:rev3\n"),
                result::toString);
        assertTrue(result.out().contains("URL       http://" + LoopbackAws.WEB_PUBLIC_IP + ":8000/\n"), result::toString);
        assertTrue(result.out().contains("Postgres  labs-jj-postgres  available  labs-jj-postgres.abc123.eu-west-1"
                + ".rds.amazonaws.com:5432  (RDS instance, postgres 15.8, db.t3.micro)"), result::toString);
        assertTrue(result.out().contains("Redis     labs-jj-redis  available  labs-jj-redis.xyz.0001.euw1.cache"
                + ".amazonaws.com:6379  (cache cluster, redis 7.1.0, cache.t3.micro)"), result::toString);
        assertTrue(result.out().contains("finding   ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH"),
                "a plain cache cluster, as an earlier labs made: " + result);
        assertEquals(List.of(), errorLines(result), result::toString);
    }

    /**
     * As in jbang-action's container, where no later step can read a command's stdout: the command
     * sets its step output exit-code itself, through the file GITHUB_OUTPUT names.
     */
    @Test
    void underGithubActionsACommandSetsItsExitCodeAsAStepOutput() throws Exception {
        Path outputs = Files.createTempFile(workingDirectory, "github-output", ".txt");
        Map<String, String> actions = new java.util.HashMap<>(environment);
        actions.putAll(Map.of("GITHUB_ACTIONS", "true", "GITHUB_OUTPUT", outputs.toString()));
        RealJBang.Result missing = RealJBang.run(actions, workingDirectory, "ip@labs", "--prefix", "labs-xx");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("::error::ECS cluster 'labs-xx-cluster' not found"), missing::toString);
        assertEquals(List.of("exit-code=1"), Files.readAllLines(outputs));
        Files.writeString(outputs, "");
        RealJBang.Result ip = RealJBang.run(actions, workingDirectory, "ip@labs");
        assertEquals(0, ip.exitCode(), ip::toString);
        assertEquals(List.of("exit-code=0"), Files.readAllLines(outputs));
    }

    /** sleep, status and wake, with an endpoint of their own since they change the stack it serves. */
    @Test
    void sleepThenStatusThenWake() throws Exception {
        try (LoopbackAws own = LoopbackAws.start("labs-jj", 0)) {
            Map<String, String> ownEnvironment = new java.util.HashMap<>(environment);
            ownEnvironment.put("AWS_ENDPOINT_URL", own.endpoint());
            RealJBang.Result sleep = RealJBang.run(ownEnvironment, workingDirectory, "sleep@labs");
            assertEquals(0, sleep.exitCode(), sleep::toString);
            assertTrue(sleep.out().startsWith("labs-jj is asleep since "), sleep::toString);
            assertTrue(sleep.out().contains("; RDS labs-jj-postgres stopped; Redis labs-jj-redis keeps running (billed)"), sleep::toString);
            RealJBang.Result status = RealJBang.run(ownEnvironment, workingDirectory, "status@labs");
            assertTrue(status.out().contains("Asleep    since "), status::toString);
            assertTrue(status.out().contains("Postgres  labs-jj-postgres  stopped"), status::toString);
            RealJBang.Result wake = RealJBang.run(ownEnvironment, workingDirectory, "wake@labs");
            assertEquals(0, wake.exitCode(), wake::toString);
            assertEquals("http://" + LoopbackAws.WEB_PUBLIC_IP + ":8000/\n", wake.out(), wake::toString);
            status = RealJBang.run(ownEnvironment, workingDirectory, "status@labs");
            assertTrue(!status.out().contains("Asleep") && status.out().contains("Postgres  labs-jj-postgres  available"),
                    status::toString);
            assertEquals(1, own.calls().get("scheduler:DELETE labs-jj-stop-database"), own.calls()::toString);
        }
    }
}
