import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    private Config load(Map<Setting, String> options, Map<String, String> env) {
        return Config.load(options, env, dir, null);
    }

    @Test
    void defaultsWhenNothingIsSet() {
        Config config = load(Map.of(), Map.of());
        assertEquals(new Resolved("labs-jj", "the default"), config.resolve(Setting.PREFIX));
        assertEquals("commcare-connect", config.get(Setting.APP));
        assertEquals(null, config.get(Setting.REGION));
    }

    @Test
    void optionBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Files.writeString(dir.resolve("labs.properties"), "labs.prefix=from-file\nlabs.app=file-app\nlabs.region=eu-central-1\n");
        Config all = load(Map.of(Setting.PREFIX, "from-option"), Map.of("LABS_PREFIX", "from-env", "LABS_APP", "env-app"));
        assertEquals(new Resolved("from-option", "the command-line option"), all.resolve(Setting.PREFIX));
        assertEquals(new Resolved("env-app", "LABS_APP"), all.resolve(Setting.APP));
        assertEquals("eu-central-1", all.get(Setting.REGION));
        assertTrue(all.resolve(Setting.REGION).source().startsWith("labs.region in "));
        assertEquals("8000", all.get(Setting.WEB_PORT));
    }

    @Test
    void awsRegionAndProfileComeFromTheAwsVariables() {
        Config config = load(Map.of(), Map.of("AWS_REGION", "us-east-2", "AWS_PROFILE", "sso-dev"));
        assertEquals("us-east-2", config.get(Setting.REGION));
        assertEquals("sso-dev", config.get(Setting.PROFILE));
    }

    @Test
    void explicitConfigFileIsUsedAndMustExist() throws IOException {
        Path file = dir.resolve("staging.properties");
        Files.writeString(file, "labs.prefix=staging\n");
        assertEquals("staging", Config.load(Map.of(), Map.of(), dir, Path.of("staging.properties")).get(Setting.PREFIX));
        LabsException missing = assertThrows(LabsException.class,
                () -> Config.load(Map.of(), Map.of(), dir, Path.of("nope.properties")));
        assertEquals(2, missing.exitCode);
        assertTrue(missing.getMessage().contains("nope.properties does not exist"));
    }

    @Test
    void unknownKeyNamesTheNearestKnownOne() throws IOException {
        Files.writeString(dir.resolve("labs.properties"), "labs.prefx=typo\n");
        LabsException error = assertThrows(LabsException.class, () -> load(Map.of(), Map.of()));
        assertEquals(2, error.exitCode);
        assertTrue(error.getMessage().contains("Unknown setting 'labs.prefx'"), error.getMessage());
        assertTrue(error.getMessage().contains("did you mean 'labs.prefix'?"), error.getMessage());
    }

    @Test
    void badPortIsAUsageErrorNamingItsSource() {
        LabsException error = assertThrows(LabsException.class,
                () -> load(Map.of(), Map.of("LABS_WEB_PORT", "http")).getPort(Setting.WEB_PORT));
        assertEquals(2, error.exitCode);
        assertTrue(error.getMessage().contains("from LABS_WEB_PORT"), error.getMessage());
    }

    @Test
    void unknownKeyOnTheCommandLineRunIsOneLineAndExitTwo() throws IOException {
        Files.writeString(dir.resolve("labs.properties"), "labs.regoin=eu-west-1\n");
        Cli.Result result = DefaultStack.running().cli().in(dir).run(new Ip());
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result::toString);
        result.assertErrContains("did you mean 'labs.region'?");
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        Cli.Result result = DefaultStack.running().cli().run(new Ip(), "--prefixx=x");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        result.assertErrContains("Unknown option: '--prefixx=x'; did you mean --prefix?");
    }
}
