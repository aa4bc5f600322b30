import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    private static Names names(String prefix, String app) {
        return Names.of(new Resolved(prefix, "LABS_PREFIX"), new Resolved(app, "LABS_APP"), "github-actions-labs-deploy");
    }

    private static final Names DEFAULTS = Config.load(Map.of(), Map.of(), java.nio.file.Path.of("target"), null).names();

    @Test
    void defaultsAreExactlyTheHandBuiltStacksNames() {
        assertEquals("labs-jj-vpc", DEFAULTS.vpc());
        assertEquals("labs-jj-public-subnet-1", DEFAULTS.publicSubnet(1));
        assertEquals("labs-jj-public-subnet-2", DEFAULTS.publicSubnet(2));
        assertEquals("labs-jj-sg", DEFAULTS.securityGroup());
        assertEquals("labs-jj-postgres", DEFAULTS.dbInstance());
        assertEquals("labs-jj-redis", DEFAULTS.cacheCluster());
        assertEquals("labs-jj-commcare-connect", DEFAULTS.ecrRepository());
        assertEquals("labs-jj-cluster", DEFAULTS.cluster());
        assertEquals("labs-jj-web", DEFAULTS.service(AppService.WEB));
        assertEquals("labs-jj-worker", DEFAULTS.service(AppService.WORKER));
        assertEquals("labs-jj-web", DEFAULTS.taskFamily(AppService.WEB));
        assertEquals("labs-jj-worker", DEFAULTS.taskFamily(AppService.WORKER));
        assertEquals("/ecs/labs-jj-web", DEFAULTS.logGroup(AppService.WEB));
        assertEquals("/ecs/labs-jj-worker", DEFAULTS.logGroup(AppService.WORKER));
        assertEquals("labs-jj-ecs-task-execution-role", DEFAULTS.executionRole());
        assertEquals("labs-jj-ecs-task-role", DEFAULTS.taskRole());
        assertEquals("github-actions-labs-deploy", DEFAULTS.githubDeployRole());
        assertEquals("labs-jj-django-secret-key", DEFAULTS.djangoSecretKeySecret());
        assertEquals("labs-jj-database-url", DEFAULTS.databaseUrlSecret());
    }

    @Test
    void otherNamesFollowThePrefix() {
        Names names = names("demo", "shop");
        assertEquals("demo-shop", names.ecrRepository());
        assertEquals("demo-db-subnet-group", names.dbSubnetGroup());
        assertEquals("demo-cache-subnet-group", names.cacheSubnetGroup());
        assertEquals("demo-igw", names.internetGateway());
        assertEquals("demo-public-rt", names.routeTable());
        assertEquals(Map.of("labs:prefix", "demo", "managed-by", "labs"), names.tags());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Labs", "1abs", "labs--jj", "labs-", "labs_jj", "", "labs jj"})
    void invalidPrefixesAreRefusedNamingTheRule(String prefix) {
        LabsException error = assertThrows(LabsException.class, () -> names(prefix, "app"));
        assertEquals(2, error.exitCode);
        assertTrue(error.getMessage().startsWith("Invalid prefix '" + prefix + "' (from LABS_PREFIX)"), error.getMessage());
    }

    @Test
    void prefixLengthIsLimitedByTheTightestResourceTheIamRole() {
        String longest = "a".repeat(64 - "-ecs-task-execution-role".length());
        assertEquals(64, names(longest, "app").executionRole().length());
        LabsException error = assertThrows(LabsException.class, () -> names(longest + "b", "app"));
        assertEquals(2, error.exitCode);
        assertTrue(error.getMessage().contains("IAM role name '" + longest + "b-ecs-task-execution-role'"), error.getMessage());
        assertTrue(error.getMessage().contains("the limit is 64"), error.getMessage());
        assertTrue(error.getMessage().contains("at most 40 characters"), error.getMessage());
    }

    @Test
    void aMuchLongerPrefixIsToldTheTightestLimitNotTheFirst() {
        LabsException error = assertThrows(LabsException.class, () -> names("a".repeat(60), "app"));
        assertTrue(error.getMessage().contains("at most 40 characters"), error.getMessage());
    }

    @Test
    void ecrRepositoryLimitsTheApp() {
        String app = "a".repeat(256 - "labs-jj-".length());
        assertEquals(256, names("labs-jj", app).ecrRepository().length());
        LabsException error = assertThrows(LabsException.class, () -> names("labs-jj", app + "x"));
        assertTrue(error.getMessage().startsWith("The app '"), error.getMessage());
        assertTrue(error.getMessage().contains("ECR repository name"), error.getMessage());
    }

    @Test
    void everyLimitedNameFitsWithTheLongestAllowedPrefix() {
        Names longest = names("a".repeat(40), "app");
        longest.limitedNames().forEach(n -> assertTrue(n.name().length() <= n.maxLength(), n.toString()));
    }
}
