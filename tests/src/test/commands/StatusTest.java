import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Task;

class StatusTest {
    private final DefaultStack stack = DefaultStack.running();
    private final WebStub web = new WebStub();
    private final String url = "http://127.0.0.1:" + web.port() + "/";

    StatusTest() {
        stack.ec2.networkInterface("eni-web1", "127.0.0.1");
    }

    @org.junit.jupiter.api.AfterEach
    void stopWeb() {
        web.close();
    }

    private Cli cli() {
        return stack.cli().env("LABS_WEB_PORT", String.valueOf(web.port()));
    }

    @Test
    void showsWhatTheWebAnswersAndWhyWhenItIsUnhealthy() {
        String out = cli().run(new Status()).out();
        assertTrue(out.matches("(?s).*\nWeb       200 from " + url + " in \\d+ ms\n.*"), out);
        web.answer("/", 400, "<h1>Bad Request (400)</h1>");
        out = cli().run(new Status()).out();
        assertTrue(out.contains("Web       400 from " + url), out);
        assertTrue(out.contains("UNHEALTHY\n          Django's bare 400"), out);
        String json = cli().run(new Status(), "--json").out();
        assertTrue(json.contains("\"web\":{\"url\":\"" + url + "\",\"status\":400,"), json);
    }

    @Test
    void describesServicesUrlDatabaseAndRedis() {
        Cli.Result result = cli().run(new Status());
        assertEquals(0, result.exitCode(), result::toString);
        String out = result.out();
        Output.assertContains(out, "Cluster   labs-jj-cluster (eu-west-1)",
                "Service   labs-jj-web  ACTIVE\n",
                "running 1 / desired 1, pending 0  on Fargate\n",
                "revision  labs-jj-web:1  image labs-jj-commcare-connect:abc1234",
                "deploy    PRIMARY  labs-jj-web:1  COMPLETED  running 1/1",
                "has reached a steady state.",
                "URL       " + url,
                "Postgres  labs-jj-postgres  available  labs-jj-postgres.abc123.eu-west-1.rds.amazonaws.com:5432");
        assertTrue(out.contains("Redis     labs-jj-redis  available  labs-jj-redis.xyz.0001.euw1.cache.amazonaws.com:6379  (cache cluster"), out);
        assertFalse(out.contains("UNHEALTHY"), out);
        assertEquals(2, stack.ecs.calls.stream().filter("DescribeServices"::equals).count(),
                "one DescribeServices per service: the URL look-up reuses web's");
    }

    @Test
    void aRedisWithoutTlsOrAuthIsAFindingWithTheWayToMove() {
        String out = cli().run(new Status()).out();
        Output.assertContains(out, "finding   ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH",
                "delete-cache-cluster --cache-cluster-id labs-jj-redis");
        stack.elastiCache.clusters.clear();
        stack.elastiCache.replicationGroup("labs-jj-redis", "available", true, true);
        out = cli().run(new Status()).out();
        assertTrue(out.contains("(replication group, cache.t3.micro, TLS and AUTH)"), out);
        assertFalse(out.contains("finding"), out);
    }

    @Test
    void showsTheNextWakeAndSleepOfTheOfficeHoursSchedule() {
        Cli scheduled = cli().env("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)").env("LABS_SCHEDULE_SLEEP", "cron(0 18 ? * MON-FRI *)")
                .env("LABS_SCHEDULE_TIMEZONE", "America/New_York");
        Cli.Result result = scheduled.run(new Status());
        assertEquals(0, result.exitCode(), result::toString);
        // the fake clock says Thursday 2026-11-26 10:00 UTC, 05:00 in New York
        result.assertOutContains("Schedule  next wake Thu 2026-11-26 08:00, next sleep Thu 2026-11-26 18:00 America/New_York"
                + "  (wake cron(0 8 ? * MON-FRI *), sleep cron(0 18 ? * MON-FRI *))");
        Cli.Result json = scheduled.run(new Status(), "--json");
        Output.assertContains(json.out(), "\"schedule\":{\"wake\":\"cron(0 8 ? * MON-FRI *)\",\"sleep\":\"cron(0 18 ? * MON-FRI *)\","
                + "\"timezone\":\"America/New_York\",\"nextWake\":\"2026-11-26T08:00-05:00\",\"nextSleep\":\"2026-11-26T18:00-05:00\"");
    }

    @Test
    void anEnvironmentWithoutScheduleIsAlwaysOnAndABadScheduleIsShownNotFatal() {
        cli().run(new Status()).assertOutContains("Schedule  none: always on (labs.schedule.wake, labs.schedule.sleep)");
        Cli.Result result = cli().env("LABS_SCHEDULE_WAKE", "cron(0 8 * * MON-FRI)").env("LABS_SCHEDULE_SLEEP", "cron(0 18 ? * MON-FRI *)")
                .run(new Status());
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("Schedule  INVALID: labs.schedule.wake must be an EventBridge Scheduler cron expression with 6 fields");
    }

    @Test
    void redisAsSingleNodeReplicationGroup() {
        stack.elastiCache.clusters.clear();
        stack.elastiCache.replicationGroup("labs-jj-redis", "available");
        String out = cli().run(new Status()).out();
        assertTrue(out.contains("Redis     labs-jj-redis  available  master.labs-jj-redis.xyz.euw1.cache.amazonaws.com:6379  (replication group"), out);
    }

    @Test
    void missingDataStoresAndServiceAreReportedNotFatal() {
        stack.rds.instances.clear();
        stack.elastiCache.clusters.clear();
        stack.ecs.services.remove("labs-jj-cluster/labs-jj-worker");
        Cli.Result result = cli().run(new Status());
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("Postgres  labs-jj-postgres  NOT FOUND: run provision",
                "Redis     labs-jj-redis  NOT FOUND",
                "Service   labs-jj-worker  NOT FOUND");
    }

    @Test
    void missingClusterSaysSo() {
        Cli.Result result = cli().run(new Status(), "--prefix", "other");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("Cluster   other-cluster (eu-west-1)  NOT FOUND",
                "URL       none: ECS cluster other-cluster not found");
    }

    @Test
    void unhealthyServiceShowsWhyItsNewestTaskStopped() {
        Task web = stack.ecs.tasks.values().iterator().next();
        stack.ecs.stop(web, "EssentialContainerExited", "Essential container in task exited", 3,
                "OutOfMemoryError: Container killed due to memory usage");
        stack.ecs.updateService("labs-jj-cluster", "labs-jj-web", s -> s.runningCount(0).pendingCount(0)
                .deployments(Deployment.builder().status("PRIMARY").taskDefinition(stack.web.taskDefinitionArn())
                        .rolloutState("IN_PROGRESS").desiredCount(1).runningCount(0).failedTasks(1).build()));
        Cli.Result result = cli().run(new Status());
        String out = result.out();
        Output.assertContains(out, "Service   labs-jj-web  ACTIVE  UNHEALTHY",
                "EssentialContainerExited: Essential container in task exited",
                "container web exit code 3 (OutOfMemoryError: Container killed due to memory usage)",
                "URL       none: No running task in service labs-jj-web");
    }

    @Test
    void aTaskThatFargateSpotInterruptedIsNamedAsSuchNotAsACrash() {
        stack.onSpot();
        Task web = stack.ecs.tasks.values().iterator().next();
        stack.ecs.stop(web, "SpotInterruption", "Your Spot Task was interrupted.", 137, null);
        stack.ecs.updateService("labs-jj-cluster", "labs-jj-web", s -> s.runningCount(0).pendingCount(1));

        Cli.Result result = cli().run(new Status());

        Output.assertContains(result.out(), "running 0 / desired 1, pending 1  on Fargate Spot",
                "interrupted by Fargate Spot, not a crash (ECS starts a replacement): SpotInterruption: Your Spot Task was interrupted.");
        Output.assertContains(cli().run(new Status(), "--json").out(), "\"spotInterruption\":true", "\"capacity\":\"Fargate Spot\"");
    }

    @Test
    void underGithubActionsTheStepSummaryGetsTheStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path summary = dir.resolve("summary.md");
        cli().env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString()).run(new Status());
        String markdown = java.nio.file.Files.readString(summary);
        assertTrue(markdown.startsWith("### labs status\n```\nCluster   labs-jj-cluster"), markdown);
        Output.assertContains(markdown, "URL       " + url);
    }

    @Test
    void jsonGivesTheSameData() {
        Cli.Result result = cli().run(new Status(), "--json");
        assertEquals(0, result.exitCode(), result::toString);
        String json = result.out();
        assertTrue(json.startsWith("{\"cluster\":\"labs-jj-cluster\",\"region\":\"eu-west-1\",\"clusterFound\":true"), json);
        Output.assertContains(json, "\"name\":\"labs-jj-web\",\"status\":\"ACTIVE\",\"healthy\":true,\"desired\":1,\"running\":1",
                "\"rolloutState\":\"COMPLETED\"",
                "\"url\":\"" + url + "\"",
                "\"database\":{\"kind\":\"RDS instance\",\"id\":\"labs-jj-postgres\",\"status\":\"available\"");
        assertEquals(1, json.lines().count());
    }
}
