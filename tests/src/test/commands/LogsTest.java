import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsTest {
    private static final String WEB_TASK = "1111aaaa2222bbbb3333cccc4444dddd";
    private static final String WORKER_TASK = "5555eeee6666ffff7777aaaa8888bbbb";
    private static final String MIGRATION_TASK = "9999cccc0000dddd1111eeee2222ffff";
    private final DefaultStack stack = DefaultStack.running();

    LogsTest() {
        put("web", WEB_TASK, "09:55:01", "GET /health 200");
        put("worker", WORKER_TASK, "09:56:00", "celery@ip-10-0-1-5 ready.");
        put("web", WEB_TASK, "09:57:00", "ERROR Internal Server Error: /a/");
        put("web", WEB_TASK, "09:30:00", "Booting worker with pid: 7");
        put("web", MIGRATION_TASK, "08:00:00", "Applying opportunity.0042... OK");
    }

    private void put(String service, String task, String time, String message) {
        stack.logs.put("/ecs/labs-jj-" + service, "ecs/" + service + "/" + task, Instant.parse("2026-11-26T" + time + "Z"), message);
    }

    @Test
    void bothServicesMergedInTimeOrderWithServiceAndTaskIdOfTheLastTenMinutes() {
        Cli.Result result = stack.cli().run(new Logs());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
                "2026-11-26T09:55:01Z web 1111aaaa2222 GET /health 200",
                "2026-11-26T09:56:00Z worker 5555eeee6666 celery@ip-10-0-1-5 ready.",
                "2026-11-26T09:57:00Z web 1111aaaa2222 ERROR Internal Server Error: /a/"), result.out().lines().toList());
    }

    @Test
    void oneService() {
        Cli.Result result = stack.cli().run(new Logs(), "--service", "worker");
        assertEquals(List.of("2026-11-26T09:56:00Z worker 5555eeee6666 celery@ip-10-0-1-5 ready."), result.out().lines().toList());
    }

    @Test
    void sinceADuration() {
        Cli.Result result = stack.cli().run(new Logs(), "--since", "1h");
        assertEquals(4, result.out().lines().count(), result::toString);
        assertTrue(result.out().startsWith("2026-11-26T09:30:00Z web 1111aaaa2222 Booting worker"), result::toString);
    }

    @Test
    void sinceAnIsoTime() {
        Cli.Result result = stack.cli().run(new Logs(), "--since", "2026-11-26T09:56:00Z");
        assertEquals(2, result.out().lines().count(), result::toString);
        Cli.Result local = stack.cli().run(new Logs(), "--since", "2026-11-26T09:56:00");
        assertEquals(result.out(), local.out(), "a time without an offset is UTC");
    }

    @Test
    void filterPattern() {
        Cli.Result result = stack.cli().run(new Logs(), "--filter", "ERROR", "--since", "1d");
        assertEquals(List.of("2026-11-26T09:57:00Z web 1111aaaa2222 ERROR Internal Server Error: /a/"), result.out().lines().toList());
    }

    @Test
    void oneTaskByIdOrItsStartIncludingAStoppedMigrationsWholeLog() {
        Cli.Result full = stack.cli().run(new Logs(), "--task", MIGRATION_TASK);
        assertEquals(List.of("2026-11-26T08:00:00Z web 9999cccc0000 Applying opportunity.0042... OK"), full.out().lines().toList());
        Cli.Result start = stack.cli().run(new Logs(), "--task", "9999cccc");
        assertEquals(full.out(), start.out());
    }

    @Test
    void followPrintsNewLinesOnceUntilCtrlCWhichExitsZero() {
        int[] step = {0};
        stack.ticker.onSleep(() -> {
            step[0]++;
            stack.logs.put("/ecs/labs-jj-web", "ecs/web/" + WEB_TASK, stack.ticker.now(), "request " + step[0]);
        });
        stack.ticker.interruptAtSleep(3);

        Cli.Result result = stack.cli().run(new Logs(), "--follow", "--service", "web");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
                "2026-11-26T09:55:01Z web 1111aaaa2222 GET /health 200",
                "2026-11-26T09:57:00Z web 1111aaaa2222 ERROR Internal Server Error: /a/",
                "2026-11-26T10:00:02Z web 1111aaaa2222 request 1",
                "2026-11-26T10:00:04Z web 1111aaaa2222 request 2",
                "2026-11-26T10:00:06Z web 1111aaaa2222 request 3"), result.out().lines().toList());
        result.assertErrContains("Ctrl-C to stop");
    }

    @Test
    void jsonLinesCarryTheFullTaskId() {
        Cli.Result result = stack.cli().run(new Logs(), "--service", "worker", "--json");
        assertEquals("{\"time\":\"2026-11-26T09:56:00Z\",\"service\":\"worker\",\"task\":\"" + WORKER_TASK
                + "\",\"message\":\"celery@ip-10-0-1-5 ready.\"}\n", result.out());
    }

    @Test
    void nothingToShowSaysSoOnStderr() {
        Cli.Result result = stack.cli().run(new Logs(), "--filter", "Traceback");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.out());
        result.assertErrContains("No log lines since 2026-11-26T09:50:00Z matching Traceback");
    }

    @Test
    void aBadSinceIsAUsageError() {
        Cli.Result result = stack.cli().run(new Logs(), "--since", "yesterday");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("--since takes a duration");
        Cli.Result badDate = stack.cli().run(new Logs(), "--since", "2026-13-45");
        assertEquals(2, badDate.exitCode(), badDate::toString);
        badDate.assertErrContains("--since takes 10m, 2h or an ISO-8601 time");
    }

    @Test
    void aMissingLogGroupIsExplained() {
        stack.logs.groups.remove("/ecs/labs-jj-worker");
        Cli.Result result = stack.cli().run(new Logs());
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("Log group /ecs/labs-jj-worker does not exist");
    }

    @Test
    void anUnknownServiceIsAUsageError() {
        Cli.Result result = stack.cli().run(new Logs(), "--service", "beat");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("--service takes web or worker, not 'beat'");
    }
}
