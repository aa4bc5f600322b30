import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {
    private final DefaultStack stack = DefaultStack.running();

    /** Registers revisions 2..n of both families, image tags v2..vn, with the services left on `live`. */
    private void revisions(int newest, int live) {
        for (int revision = 2; revision <= newest; revision++) {
            for (String service : List.of("web", "worker")) {
                stack.ecs.registerTaskDefinition(DefaultStack.definition(service, "/start",
                        FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY + ":v" + revision));
            }
            stack.ticker.sleep(java.time.Duration.ofHours(1));
        }
        for (String service : List.of("web", "worker")) {
            String arn = FakeEcs.arn("task-definition/labs-jj-" + service + ":" + live);
            stack.ecs.updateService(DefaultStack.CLUSTER, "labs-jj-" + service, s -> s.taskDefinition(arn)
                    .deployments(s.build().deployments().get(0).toBuilder().taskDefinition(arn).build()));
        }
        stack.ecs.calls.clear();
        stack.ticker.sleeps.clear();
    }

    @Test
    void listShowsRecentRevisionsNewestFirstWithImageTagTimeAndTheLiveOne() {
        revisions(4, 3);

        Cli.Result result = stack.cli().run(new Rollback(), "--list", "--services", "web");

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(5, lines.size(), result::toString);
        assertTrue(lines.get(0).matches("SERVICE +REVISION +IMAGE +REGISTERED +LIVE"), lines.get(0));
        assertTrue(lines.get(1).matches("web +labs-jj-web:4 +v4 +2026-11-26T12:00:00Z *"), lines.get(1));
        assertTrue(lines.get(2).matches("web +labs-jj-web:3 +v3 +2026-11-26T11:00:00Z +live"), lines.get(2));
        assertTrue(lines.get(4).matches("web +labs-jj-web:1 +abc1234 +2026-11-26T10:00:00Z *"), lines.get(4));
        assertTrue(stack.ecs.updates.isEmpty());
    }

    @Test
    void listAsJson() {
        Cli.Result result = stack.cli().run(new Rollback(), "--list", "--json");
        assertEquals("[{\"service\":\"web\",\"revision\":\"labs-jj-web:1\",\"image\":\"abc1234\",\"registered\":\"2026-11-26T10:00:00Z\","
                + "\"live\":true},{\"service\":\"worker\",\"revision\":\"labs-jj-worker:1\",\"image\":\"abc1234\","
                + "\"registered\":\"2026-11-26T10:00:00Z\",\"live\":true}]\n", result.out(), result::toString);
    }

    @Test
    void movesToTheRevisionBeforeTheLiveOneNotBeforeTheNewestAndWaits() {
        revisions(4, 3);

        Cli.Result result = stack.cli().run(new Rollback());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:2", "labs-jj-worker labs-jj-worker:2"), stack.updatedTaskDefinitions());
        assertEquals(FakeEcs.arn("task-definition/labs-jj-web:2"), stack.service("web").deployments().get(0).taskDefinition());
        assertEquals("COMPLETED", stack.service("web").deployments().get(0).rolloutStateAsString());
        result.assertErrContains("labs-jj-web runs labs-jj-web:2");
    }

    @Test
    void skipsDeregisteredRevisions() {
        revisions(3, 3);
        stack.ecs.deregister("labs-jj-web", 2);
        Cli.Result result = stack.cli().run(new Rollback(), "--services", "web");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:1"), stack.updatedTaskDefinitions());
    }

    @Test
    void toPicksARevision() {
        revisions(4, 4);
        Cli.Result result = stack.cli().run(new Rollback(), "--to", "2", "--services", "worker");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-worker labs-jj-worker:2"), stack.updatedTaskDefinitions());
    }

    @Test
    void toTheLiveRevisionIsRefused() {
        revisions(2, 2);
        Cli.Result result = stack.cli().run(new Rollback(), "--to", "2");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("labs-jj-web already runs labs-jj-web:2: nothing to roll back");
        assertTrue(stack.ecs.updates.isEmpty());
    }

    @Test
    void toADeregisteredRevisionIsRefused() {
        revisions(3, 3);
        stack.ecs.deregister("labs-jj-web", 1);
        Cli.Result result = stack.cli().run(new Rollback(), "--to", "1", "--services", "web");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("labs-jj-web:1 is INACTIVE (deregistered) and cannot run");
    }

    @Test
    void nothingToRollBackToIsAClearRefusal() {
        Cli.Result result = stack.cli().run(new Rollback());
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        result.assertErrContains("labs-jj-web runs labs-jj-web:1 and the family has no older active revision: nothing to roll back to");
        assertTrue(stack.ecs.updates.isEmpty());
    }

    @Test
    void dryRunPrintsTheMoveAndChangesNothing() {
        revisions(3, 3);
        Cli.Result result = stack.cli().run(new Rollback(), "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        String image = FakeEcr.REGISTRY + "/" + DefaultStack.REPOSITORY;
        assertEquals(List.of("labs-jj-web: labs-jj-web:3 (" + image + ":v3) -> labs-jj-web:2 (" + image + ":v2)",
                "labs-jj-worker: labs-jj-worker:3 (" + image + ":v3) -> labs-jj-worker:2 (" + image + ":v2)"),
                result.out().lines().toList());
        assertTrue(stack.ecs.updates.isEmpty());
    }

    @Test
    void aRollbackTargetThatCrashesIsRolledBackToTheRevisionThatRanAndDiagnosed() {
        revisions(2, 2);
        stack.ecs.behaviours.put(DefaultStack.OLD_IMAGE, FakeEcs.Behaviour.exits(1, "ModuleNotFoundError: No module named 'old'"));

        Cli.Result result = stack.cli().run(new Rollback(), "--services", "web");

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("labs-jj-web labs-jj-web:1", "labs-jj-web labs-jj-web:2"), stack.updatedTaskDefinitions());
        result.assertErrContains("| ModuleNotFoundError: No module named 'old'",
                "labs-jj-web is back on labs-jj-web:2");
    }
}
