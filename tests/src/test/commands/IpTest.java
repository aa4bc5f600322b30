import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

class IpTest {
    private final DefaultStack stack = DefaultStack.running();

    @Test
    void printsOnlyThePublicIpOfTheWebTask() {
        Cli.Result result = stack.cli().run(new Ip());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(DefaultStack.WEB_IP + "\n", result.out());
    }

    @Test
    void urlUsesTheConfiguredPort() {
        Cli.Result result = stack.cli().env("LABS_WEB_PORT", "8080").run(new Ip(), "--url");
        assertEquals("http://" + DefaultStack.WEB_IP + ":8080/\n", result.out(), result::toString);
    }

    @Test
    void anotherServiceByName() {
        Cli.Result result = stack.cli().run(new Ip(), "--service", "worker");
        assertEquals("54.9.9.9\n", result.out(), result::toString);
    }

    @Test
    void newestTaskFirstAndAllWithAll() {
        stack.ecs.task("labs-jj-cluster", "labs-jj-web", stack.web, "RUNNING", "eni-web2");
        stack.ec2.networkInterface("eni-web2", "3.3.3.3");
        assertEquals("3.3.3.3\n", stack.cli().run(new Ip()).out());
        Cli.Result all = stack.cli().run(new Ip(), "--all");
        assertEquals("3.3.3.3\n" + DefaultStack.WEB_IP + "\n", all.out(), all::toString);
    }

    @Test
    void jsonListsTaskAndUrl() {
        Cli.Result result = stack.cli().run(new Ip(), "--json");
        String task = Ecs.taskId(stack.ecs.tasks.keySet().iterator().next());
        assertEquals("[{\"task\":\"" + task + "\",\"ip\":\"54.12.34.56\",\"url\":\"http://54.12.34.56:8000/\"}]\n",
                result.out(), result::toString);
    }

    @Test
    void missingClusterIsNamed() {
        Cli.Result result = stack.cli().run(new Ip(), "--prefix", "labs-xx");
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        result.assertErrContains("ECS cluster 'labs-xx-cluster' not found",
                "prefix 'labs-xx' from the command-line option");
        assertEquals(1, result.err().lines().count(), result::toString);
    }

    @Test
    void anUnknownServiceIsAUsageError() {
        Cli.Result result = stack.cli().run(new Ip(), "--service", "beat");
        assertEquals(2, result.exitCode());
        result.assertErrContains("--service takes web or worker, not 'beat'");
    }

    @Test
    void noRunningTaskShowsCountsAndNewestEvent() {
        stack.ecs.tasks.replaceAll((arn, t) -> t.group().endsWith("labs-jj-web") ? stack.ecs.stop(t, "EssentialContainerExited",
                "Essential container in task exited", 1, null) : t);
        stack.ecs.updateService("labs-jj-cluster", "labs-jj-web", s -> s.runningCount(0).pendingCount(1)
                .events(ServiceEvent.builder().id("e2").message("(service labs-jj-web) has started 1 tasks: (task abc).").build()));
        Cli.Result result = stack.cli().run(new Ip());
        assertEquals(1, result.exitCode());
        result.assertErrContains("No running task in service labs-jj-web (desired 1, running 0, pending 1)",
                "has started 1 tasks");
    }

    @Test
    void taskWithoutPublicIpSaysAssignPublicIp() {
        stack.ec2.networkInterface("eni-web1", null);
        Cli.Result result = stack.cli().run(new Ip());
        assertEquals(1, result.exitCode());
        result.assertErrContains("has no public IP",
                "assignPublicIp");
    }

    @Test
    void waitPollsUntilATaskHasAnIp() {
        Task web = stack.ecs.tasks.values().iterator().next();
        stack.ecs.stop(web, "ServiceSchedulerInitiated", "Task stopped by deployment", 0, null);
        FakeTicker ticker = new FakeTicker();
        ticker.onSleep(() -> {
            if (ticker.sleeps.size() == 4) {
                stack.ecs.task("labs-jj-cluster", "labs-jj-web", stack.web, "RUNNING", "eni-web3");
                stack.ec2.networkInterface("eni-web3", "7.7.7.7");
            }
        });
        Cli.Result result = stack.cli().ticker(ticker).run(new Ip(), "--wait=30s");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("7.7.7.7\n", result.out());
        assertEquals(1, result.err().lines().filter(l -> l.startsWith("Waiting for a public IP of labs-jj-web")).count(),
                "one progress line while the reason stays the same: " + result);
        assertEquals(4, ticker.sleeps.size());
    }

    @Test
    void waitGivesUpWithTheReason() {
        stack.ec2.networkInterface("eni-web1", null);
        Cli.Result result = stack.cli().ticker(new FakeTicker()).run(new Ip(), "--wait=1m");
        assertEquals(1, result.exitCode());
        result.assertErrContains("Gave up after 1m00s: The running task");
    }

    @Test
    void badDurationIsAUsageError() {
        Cli.Result result = stack.cli().run(new Ip(), "--wait=soon");
        assertEquals(2, result.exitCode());
        result.assertErrContains("--wait takes a duration");
    }
}
