import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Redis with TLS and AUTH (a one-node replication group, the token in PREFIX-redis-url) across
 * provision, status and teardown, and an adopted Redis without them: reported, never changed.
 */
class RedisTest {
    private final FakeAccount account = new FakeAccount();

    private String token() {
        return account.elastiCache.authTokens.get("labs-jj-redis");
    }

    private static void assertNoToken(String token, Cli.Result... results) {
        for (Cli.Result result : results) {
            assertFalse(result.out().contains(token) || result.err().contains(token), () -> "the AUTH token was printed:\n" + result);
        }
    }

    @Test
    void theTokenIsNeverInAnyOutput() {
        Cli.Result plan = account.provision("--dry-run");
        Cli.Result json = account.provision("--json");
        assertEquals(0, json.exitCode(), json::toString);
        String token = token();
        Cli.Result again = account.provision("--dry-run", "--json");
        Cli.Result status = account.cli().run(new Status());
        Cli.Result statusJson = account.cli().run(new Status(), "--json");
        Cli.Result teardown = account.teardown("", "--yes");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertNoToken(token, plan, json, again, status, statusJson, teardown);
        status.assertOutContains("Redis     labs-jj-redis  available  master.labs-jj-redis.xyz.euw1.cache.amazonaws.com:6379  "
                + "(replication group, cache.t3.micro, TLS and AUTH)");
        assertFalse(status.out().contains("finding"), status::toString);
        teardown.assertOutContains("delete   ElastiCache Redis  labs-jj-redis", "delete   secret             labs-jj-redis-url: restorable for 7 days");
        assertEquals(List.of("elasticache:DeleteReplicationGroup"), account.faults.calls.stream()
                .filter(c -> c.startsWith("elasticache:Delete") && !c.contains("SubnetGroup")).toList());
    }

    @Test
    void aRunStoppedBeforeTheCacheIsCreatedIsFinishedWithTheStoredToken() {
        account.faults.failOn("elasticache:CreateReplicationGroup", Faults.Mode.CRASH_BEFORE);
        assertThrows(Faults.Crash.class, () -> account.provision());
        RedisUrl stored = RedisUrl.tryParse(account.secrets.value("labs-jj-redis-url")).orElseThrow();
        assertEquals(RedisUrl.PENDING_HOST, stored.host(), "the token is stored before the cache is created with it");

        Cli.Result dryRun = account.provision("--dry-run");
        dryRun.assertOutContains("update   secret             labs-jj-redis-url: the endpoint of the new cache once it is up",
                "create   ElastiCache Redis  labs-jj-redis");
        Cli.Result rerun = account.provision();
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(stored.token(), token(), "the cache got the token the secret holds");
        assertEquals(RedisUrl.of(stored.token(), "master.labs-jj-redis.xyz.euw1.cache.amazonaws.com").value(),
                account.secrets.value("labs-jj-redis-url"));
        assertNoToken(stored.token(), dryRun, rerun);
        Cli.Result again = account.provision();
        again.assertErrContains("Nothing to change in labs-jj");
    }

    @Test
    void aTeardownsSecretIsRestoredAndTheNewCacheGetsItsToken() {
        assertEquals(0, account.provision().exitCode());
        String first = token();
        assertEquals(0, account.teardown("", "--yes").exitCode());
        assertTrue(account.secrets.deletedDates.containsKey("labs-jj-redis-url"));
        Cli.Result again = account.provision();
        assertEquals(0, again.exitCode(), again::toString);
        again.assertOutContains("update   secret             labs-jj-redis-url: restore: scheduled for deletion");
        assertEquals(first, token());
        assertEquals("master.labs-jj-redis.xyz.euw1.cache.amazonaws.com",
                RedisUrl.tryParse(account.secrets.value("labs-jj-redis-url")).orElseThrow().host());
    }

    @Test
    void anAdoptedCacheWithoutTlsOrAuthIsAFindingAndStaysAsItIs() {
        HandBuilt.stack(account, "labs-jj");
        Map<String, String> urlsBefore = redisUrls();
        Cli.Result plan = account.provision("--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        plan.assertOutContains("exists   ElastiCache Redis  labs-jj-redis",
                "finding  ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH",
                "aws elasticache delete-cache-cluster --cache-cluster-id labs-jj-redis",
                "jbang provision@labs creates a one-node replication group with TLS and AUTH",
                "jbang deploy@labs rolls them out");
        assertTrue(plan.out().lines().noneMatch(l -> l.startsWith("create") && l.contains("labs-jj-redis-url")),
                "no Redis URL secret for a Redis without AUTH");
        Cli.Result applied = account.provision();
        assertEquals(0, applied.exitCode(), applied::toString);
        applied.assertOutContains("finding  ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH");
        assertTrue(account.elastiCache.groups.isEmpty() && account.elastiCache.created.isEmpty(), "no replication group");
        assertEquals("available", account.elastiCache.clusters.get("labs-jj-redis").cacheClusterStatus());
        assertFalse(account.secrets.secrets.containsKey("labs-jj-redis-url"));
        assertEquals(urlsBefore, redisUrls(), "the services keep their redis:// URL");
        assertTrue(account.faults.calls.stream().noneMatch(c -> c.startsWith("elasticache:") && !c.contains("Describe")
                && !c.contains("ListTags") && !c.contains("SubnetGroup")), account.faults.calls::toString);

        Cli.Result status = account.cli().run(new Status());
        status.assertOutContains("(cache cluster, redis 7.1.0, cache.t3.micro)",
                "finding   ElastiCache Redis labs-jj-redis has no in-transit encryption and no AUTH");
        account.cli().run(new Status(), "--json").assertOutContains("\"finding\":\"ElastiCache Redis labs-jj-redis has no");
    }

    @Test
    void movingAnAdoptedCacheToTlsGivesTheServicesRevisionsThatReadTheSecretAtTheNextDeploy() {
        HandBuilt.stack(account, "labs-jj");
        Map<String, String> liveBefore = liveRevisions();
        // the finding's first step, by hand: the plain cache is deleted
        account.elastiCache.clusters.remove("labs-jj-redis");
        Cli.Result plan = account.provision("--dry-run");
        plan.assertOutContains("create   ElastiCache Redis  labs-jj-redis", "create   secret             labs-jj-redis-url",
                "update   task definition    labs-jj-web: a revision after 1 that reads REDIS_URL and CELERY_BROKER_URL from "
                        + "labs-jj-redis-url (deploy rolls it out)");
        Cli.Result moved = account.provision();
        assertEquals(0, moved.exitCode(), moved::toString);
        String secretArn = account.secrets.secrets.get("labs-jj-redis-url").arn;
        for (String service : List.of("web", "worker")) {
            TaskDefinition newest = account.ecs.taskDefinitions.get("labs-jj-" + service).get(1);
            ContainerDefinition container = newest.containerDefinitions().get(0);
            assertEquals(Map.of("REDIS_URL", secretArn, "CELERY_BROKER_URL", secretArn), container.secrets().stream()
                    .filter(s -> s.name().contains("REDIS") || s.name().contains("CELERY"))
                    .collect(Collectors.toMap(s -> s.name(), s -> s.valueFrom())));
            assertTrue(container.environment().stream().noneMatch(e -> e.name().equals("REDIS_URL")), container::toString);
            assertEquals(liveBefore.get(service), container.dockerLabels().get("labs.pending-from"), "waits for the next deploy");
        }
        assertEquals(liveBefore, liveRevisions(), "provision moves no service: deploy does");
        assertNoToken(token(), plan, moved);
        Cli.Result again = account.provision();
        assertFalse(again.out().contains("update   task definition"), again::toString);
        assertFalse(again.out().contains("finding  ElastiCache"), again::toString);
    }

    @Test
    void aRedisWithAuthWhoseSecretIsGoneBlocksProvision() {
        assertEquals(0, account.provision().exitCode());
        account.secrets.secrets.remove("labs-jj-redis-url");
        Cli.Result result = account.provision();
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("The Redis labs-jj-redis requires AUTH and the secret labs-jj-redis-url, which holds its token, is missing");
    }

    private Map<String, String> redisUrls() {
        return account.ecs.taskDefinitions.values().stream().flatMap(List::stream).collect(Collectors.toMap(
                TaskDefinition::taskDefinitionArn, d -> d.containerDefinitions().get(0).environment().stream()
                        .filter(e -> e.name().equals("REDIS_URL")).map(KeyValuePair::value).findFirst().orElse("none")));
    }

    private Map<String, String> liveRevisions() {
        return Map.of("web", liveArn("web"), "worker", liveArn("worker"));
    }

    private String liveArn(String service) {
        String arn = account.ecs.services.get("labs-jj-cluster/labs-jj-" + service).taskDefinition();
        assertNotNull(arn);
        return arn;
    }
}
