import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layers of the app's environment: set over app over default, unset defaults stay away, unknown values kept. */
class AppEnvironmentTest {
    private static final AppEnvironment.StackValues STACK = new AppEnvironment.StackValues("redis://r:6379/0", 8000, "labs-jj",
            "commcare-connect", "eu-west-1");
    private static final Map<String, String> DEFAULTS = AppEnvironment.defaults(STACK);

    @Test
    void defaultsAreCookiecutterDjangosNamesWithTheStacksRedis() {
        assertEquals(Map.of("REDIS_URL", "redis://r:6379/0", "CELERY_BROKER_URL", "redis://r:6379/0",
                "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1", "DJANGO_ALLOWED_CIDR_NETS", "0.0.0.0/0"), DEFAULTS);
    }

    @Test
    void setBeatsAppBeatsDefaultAndAHandSetValueIsKept() {
        AppEnvironment live = new AppEnvironment(Map.of("HAND", "made", "DJANGO_ALLOWED_HOSTS", "mine.org"),
                Map.of("DJANGO_ALLOWED_HOSTS", AppEnvironment.Source.SET), Set.of());
        AppEnvironment refreshed = live.refreshed(DEFAULTS, Map.of("DJANGO_ALLOWED_HOSTS", "app.org", "REDIS_URL", "redis://app"));
        assertEquals("mine.org", refreshed.values().get("DJANGO_ALLOWED_HOSTS"));
        assertEquals("redis://app", refreshed.values().get("REDIS_URL"));
        assertEquals(AppEnvironment.Source.APP, refreshed.source("REDIS_URL"));
        assertEquals("made", refreshed.values().get("HAND"));
        assertEquals(AppEnvironment.Source.REVISION, refreshed.source("HAND"));
        assertEquals(AppEnvironment.Source.DEFAULT, refreshed.source("CELERY_BROKER_URL"));
    }

    @Test
    void anUnsetDefaultStaysAwayAndSettingItAgainBringsItBack() {
        AppEnvironment base = AppEnvironment.empty().refreshed(DEFAULTS, Map.of());
        AppEnvironment unset = base.without("DJANGO_ALLOWED_CIDR_NETS", DEFAULTS.keySet());
        assertEquals(List.of("DJANGO_ALLOWED_CIDR_NETS"), List.copyOf(unset.refreshed(DEFAULTS, Map.of()).unset()));
        assertTrue(!unset.refreshed(DEFAULTS, Map.of()).values().containsKey("DJANGO_ALLOWED_CIDR_NETS"));
        AppEnvironment again = unset.with("DJANGO_ALLOWED_CIDR_NETS", "10.0.0.0/16").refreshed(DEFAULTS, null);
        assertEquals("10.0.0.0/16", again.values().get("DJANGO_ALLOWED_CIDR_NETS"));
        assertTrue(again.unset().isEmpty());
    }

    @Test
    void appEntriesAreReplacedByTheCurrentOnesOrKeptWhenThereAreNone() {
        AppEnvironment first = AppEnvironment.empty().refreshed(DEFAULTS, Map.of("A", "1", "B", "2"));
        assertEquals(Map.of("A", "1"), only(first.refreshed(DEFAULTS, Map.of("A", "1")), "A", "B"));
        assertEquals(Map.of("A", "1", "B", "2"), only(first.refreshed(DEFAULTS, null), "A", "B"));
    }

    @Test
    void placeholdersExpandAndAnUnknownOneIsAUsageError() {
        assertEquals(Map.of("X", "redis://r:6379/0 labs-jj-commcare-connect eu-west-1:8000"),
                AppEnvironment.expand(Map.of("X", "${redis.url} ${prefix}-${app} ${region}:${web.port}"), STACK, "labs.properties"));
        LabsException error = assertThrows(LabsException.class,
                () -> AppEnvironment.expand(Map.of("X", "${nope}"), STACK, "labs.properties"));
        assertEquals(2, error.exitCode);
        LabsException unknownRedis = assertThrows(LabsException.class, () -> AppEnvironment.expand(Map.of("X", "${redis.url}"),
                new AppEnvironment.StackValues(null, 8000, "p", "a", "r"), "labs.properties"));
        assertTrue(unknownRedis.getMessage().contains("run provision"), unknownRedis.getMessage());
    }

    private static Map<String, String> only(AppEnvironment environment, String... names) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (String name : names) if (environment.values().containsKey(name)) selected.put(name, environment.values().get(name));
        return selected;
    }
}
