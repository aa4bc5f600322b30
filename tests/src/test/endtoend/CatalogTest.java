import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every catalog alias runs through real JBang, so a missing //DEPS or //SOURCES line fails here. */
class CatalogTest {

    @TestFactory
    Stream<DynamicTest> everyAliasShowsItsHelpThroughTheLabsCatalog() throws Exception {
        RealJBang.jbangDir();
        return RealJBang.aliases().stream().map(alias -> DynamicTest.dynamicTest(alias + "@labs --help", () -> {
            RealJBang.Result result = RealJBang.run(Map.of(), RealJBang.REPO, alias + "@labs", "--help");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("Usage: " + alias), result::toString);
            // picocli warns on stderr about a help text it cannot format (a bare % is a format specifier)
            assertEquals(List.of(), result.err().lines().filter(line -> !line.startsWith("[jbang]")).toList(), result::toString);
        }));
    }

    @Test
    void everyScriptHasAnAliasAndEveryAliasAScript() throws Exception {
        List<String> scripts;
        try (Stream<java.nio.file.Path> files = Files.list(RealJBang.REPO.resolve("scripts"))) {
            scripts = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        assertEquals(scripts, RealJBang.aliases().stream().sorted().toList());
    }

    /** A "catalogs" entry (what a plain "catalog add" inside the checkout writes) would send users' "labs" elsewhere. */
    @Test
    void theCatalogHoldsOnlyAliases() throws Exception {
        assertTrue(!Files.readString(RealJBang.REPO.resolve("jbang-catalog.json")).contains("\"catalogs\""));
    }

    @Test
    void badConfigurationIsOneLineAndExitCodeTwo() throws Exception {
        RealJBang.jbangDir();
        RealJBang.Result result = RealJBang.run(Map.of("LABS_PREFIX", "Labs_JJ"), RealJBang.REPO, "ip@labs");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        List<String> errorLines = result.err().lines().filter(l -> !l.startsWith("[jbang]")).toList();
        assertEquals(1, errorLines.size(), result::toString);
        assertTrue(errorLines.get(0).contains("Invalid prefix 'Labs_JJ' (from LABS_PREFIX)"), result::toString);
    }

    @Test
    void configRefusesBadInputInOneLineWithExitCodeTwoBeforeAnyAwsCall() throws Exception {
        RealJBang.jbangDir();
        RealJBang.Result result = RealJBang.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), RealJBang.REPO,
                "config@labs", "set", "NOEQUALS");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        List<String> errorLines = result.err().lines().filter(l -> !l.startsWith("[jbang]")).toList();
        assertEquals(List.of("error: config set takes NAME=VALUE, got 'NOEQUALS' (a secret: config set --secret NOEQUALS,"
                + " with the value on standard input)"), errorLines, result::toString);
    }
}
