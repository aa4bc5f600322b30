import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What makes a script start fast (docs/performance.md) stays in every script's header, and no header asks
 * for a newer Java than 17: JBang's {@code //CDS} (the archive slot, on any JDK), the start through
 * {@code Labs.exit} (which records the JDK 25 AOT cache into that slot), and the core bundle's
 * {@code //RUNTIME_OPTIONS}, which a JDK 17 JVM must accept.
 */
class StartupHeaderTest {
    private static final Path SCRIPTS = RealJBang.REPO.resolve("scripts");
    private static final Pattern JAVA = Pattern.compile("(?m)^//JAVA\\s+(.*)$");
    private static final Pattern RUNTIME_OPTIONS = Pattern.compile("(?m)^//(?:RUNTIME_OPTIONS|JAVA_OPTIONS)\\s+(.*)$");
    /** Options that a JDK 17 JVM refuses to start with (AOT caches are JDK 24+, AutoCreateSharedArchive 19+). */
    private static final List<String> NEWER_THAN_17 = List.of("-XX:AOT", "-XX:+AOT", "-XX:-AOT", "-Xlog:aot",
            "-XX:+AutoCreateSharedArchive", "-XX:+UseCompactObjectHeaders");

    @Test
    void everyScriptAsksJBangForItsArchiveAndStartsThroughLabsExit() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path script : scripts()) {
            List<String> lines = Files.readAllLines(script);
            String name = script.getFileName().toString();
            if (!lines.contains("//CDS")) problems.add(name + " has no //CDS line (JBang then keeps no archive and no AOT cache)");
            if (!Files.readString(script).contains("Labs.exit(")) problems.add(name + " does not start through Labs.exit");
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noScriptNeedsANewerJavaThan17() throws IOException {
        for (Path script : scripts()) {
            Matcher java = JAVA.matcher(Files.readString(script));
            assertTrue(java.find(), script.getFileName() + " has no //JAVA line");
            assertEquals("17+", java.group(1).trim(), script.getFileName() + ": //JAVA 17+ lets every JDK from 17 run it");
            assertFalse(java.find(), script.getFileName() + " has a second //JAVA line");
        }
        try (Stream<Path> files = Files.walk(SCRIPTS.resolve("lib"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertFalse(JAVA.matcher(Files.readString(file)).find(), file + ": only a script's own //JAVA line counts");
            }
        }
    }

    @Test
    void theRuntimeOptionsStartAJdk17Jvm() throws IOException {
        List<String> options = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher line = RUNTIME_OPTIONS.matcher(Files.readString(file));
                while (line.find()) options.addAll(List.of(line.group(1).trim().split("\\s+")));
            }
        }
        assertTrue(options.contains("-XX:TieredStopAtLevel=1"), "the core bundle's runtime options: " + options);
        assertEquals(List.of(), options.stream().filter(o -> NEWER_THAN_17.stream().anyMatch(o::startsWith)).toList(),
                "options a JDK 17 JVM rejects; the JDK 25 cache options are added per run by AotCache");
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            List<Path> scripts = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertFalse(scripts.isEmpty(), "no scripts under " + SCRIPTS);
            return scripts;
        }
    }
}
