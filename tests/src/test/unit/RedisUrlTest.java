import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

/** The Redis URL of a Redis with TLS and AUTH, and the container that reads it from the secret. */
class RedisUrlTest {
    @Test
    void theUrlIsRedissWithTheTokenEncodedAndCertificatesRequired() {
        RedisUrl url = RedisUrl.of("tok/en@#$x", "master.r.cache.amazonaws.com");
        assertEquals("rediss://:tok%2Fen%40%23%24x@master.r.cache.amazonaws.com:6379/0?ssl_cert_reqs=required", url.value());
        assertEquals(url, RedisUrl.tryParse(url.value()).orElseThrow(), "the token comes back decoded");
        assertFalse(url.toString().contains("tok"), url::toString);
        assertTrue(RedisUrl.tryParse("redis://r:6379/0").isEmpty(), "a plain URL has no token");
        assertEquals("r", RedisUrl.hostOf("rediss://:abc@r:6379/0?ssl_cert_reqs=required"));
    }

    @Test
    void aGeneratedTokenIsOneElastiCacheTakes() {
        String token = RandomSecrets.redisAuthToken();
        assertTrue(FakeElastiCache.validAuthToken(token), token);
        assertEquals(token, RedisUrl.of(token, "h").encodedToken(), "nothing to escape");
        assertFalse(FakeElastiCache.validAuthToken("short"));
        assertFalse(FakeElastiCache.validAuthToken("sixteen-chars-ok/but-slash"), "/ is not allowed");
    }

    @Test
    void theContainerReadsBothUrlsFromTheSecretAndNoLongerHasThemInPlainText() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-redis-url-AbCdEf";
        ContainerDefinition plain = ContainerDefinition.builder().name("web")
                .environment(KeyValuePair.builder().name("REDIS_URL").value("redis://r:6379/0").build(),
                        KeyValuePair.builder().name("CELERY_BROKER_URL").value("redis://r:6379/0").build(),
                        KeyValuePair.builder().name("DJANGO_ALLOWED_HOSTS").value("x").build())
                .dockerLabels(Map.of(RevisionEnvironment.REDIS_URL_LABEL, "redis://r:6379/0", "labs.env.REDIS_URL", "default"))
                .build();
        assertFalse(RevisionEnvironment.readsRedisSecret(plain, "labs-jj-redis-url"));
        ContainerDefinition moved = RevisionEnvironment.withRedisSecret(plain, arn);
        assertTrue(RevisionEnvironment.readsRedisSecret(moved, "labs-jj-redis-url"));
        assertEquals(List.of("DJANGO_ALLOWED_HOSTS"), moved.environment().stream().map(KeyValuePair::name).toList());
        assertEquals(List.of(arn, arn), moved.secrets().stream().map(s -> s.valueFrom()).toList());
        assertEquals(null, RevisionEnvironment.redisUrl(moved), "no plain Redis URL left for the defaults or ${redis.url}");
    }
}
