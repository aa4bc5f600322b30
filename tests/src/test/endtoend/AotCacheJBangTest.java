import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ip with real JBang, in a JBang directory of its own, on JDK 25 and then JDK 17: the first run leaves JBang's
 * dynamic archive, the second records an AOT cache in its place (stdout still the IP alone), the third maps
 * it without recording again, and a JDK 17 run after that still runs and records an archive of its own.
 * Needs a JDK 25+ and a JDK 17 (LABS_TEST_JDK25 / LABS_TEST_JDK17, setup-java's JAVA_HOME_25_X64 /
 * JAVA_HOME_17_X64, or /usr/lib/jvm); skipped without them.
 */
class AotCacheJBangTest {
    /** The first bytes of a static archive (an AOT cache is one) and of a dynamic one, little-endian. */
    private static final byte[] STATIC_ARCHIVE = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0};
    private static final byte[] DYNAMIC_ARCHIVE = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};
    private static LoopbackAws aws;

    @TempDir
    static Path work;

    @BeforeAll
    static void startEndpoint() throws IOException {
        aws = LoopbackAws.start("labs-jj", 0);
    }

    @AfterAll
    static void stopEndpoint() {
        aws.close();
    }

    @Test
    void ipRecordsAnAotCacheOnJdk25AndStillRunsOnJdk17() throws Exception {
        Path jdk25 = jdk(25, "LABS_TEST_JDK25", "JAVA_HOME_25_X64");
        Path jdk17 = jdk(17, "LABS_TEST_JDK17", "JAVA_HOME_17_X64");

        assertPrintsTheIp(ip(jdk25), "first run on JDK 25");
        Path archive = archive();
        assertArrayEquals(DYNAMIC_ARCHIVE, magic(archive), "JBang's own archive after the first run");

        RealJBang.Result recording = ip(jdk25);
        assertPrintsTheIp(recording, "recording run");
        assertTrue(recording.err().lines().noneMatch(line -> line.contains("AOT") || line.contains("JAVA_TOOL_OPTIONS")),
                recording::toString);
        assertArrayEquals(STATIC_ARCHIVE, magic(archive), "an AOT cache in JBang's archive file");
        Path stamp = archive.resolveSibling(archive.getFileName() + AotCache.STAMP_SUFFIX);
        assertTrue(Files.readString(stamp).startsWith("jvm 25"), Files.readString(stamp));
        FileTime recorded = Files.getLastModifiedTime(archive);

        assertPrintsTheIp(ip(jdk25), "run with the cache");
        assertEquals(recorded, Files.getLastModifiedTime(archive), "the cache was used, not recorded again");

        assertPrintsTheIp(ip(jdk17), "run on JDK 17 after the JDK 25 cache");
        assertArrayEquals(DYNAMIC_ARCHIVE, magic(archive), "JDK 17 recorded a class-data archive of its own");
        assertTrue(Files.readString(stamp).startsWith("jvm 17"), Files.readString(stamp));
    }

    private static RealJBang.Result ip(Path jdk) throws Exception {
        Map<String, String> environment = aws.clientEnvironment(work);
        environment.putAll(Map.of("JBANG_DIR", work.resolve("jbang").toString(), "JAVA_HOME", jdk.toString(),
                "PATH", jdk.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"), "LABS_PREFIX", ""));
        return RealJBang.run(environment, work, RealJBang.REPO.resolve("scripts/ip.java").toString());
    }

    private static void assertPrintsTheIp(RealJBang.Result result, String run) {
        assertEquals(0, result.exitCode(), () -> run + ": " + result);
        assertEquals(LoopbackAws.WEB_PUBLIC_IP + "\n", result.out(), () -> run + ": " + result);
    }

    private static Path archive() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("jbang"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().equals("ip.jsa")).toList();
            assertEquals(1, archives.size(), "ip's archive beside its cached jar: " + archives);
            return archives.get(0);
        }
    }

    private static byte[] magic(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return in.readNBytes(4);
        }
    }

    /** A JDK of that feature version: named by one of the variables, or the first under /usr/lib/jvm. */
    private static Path jdk(int feature, String... variables) throws IOException {
        for (String variable : variables) {
            String home = System.getenv(variable);
            if (home != null && !home.isBlank()) return Path.of(home);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                found = homes.sorted().filter(home -> feature(home) == feature).findFirst();
            }
        }
        Assumptions.assumeTrue(found.isPresent(), "no JDK " + feature + " (set " + variables[0] + ")");
        return found.get();
    }

    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) return Integer.parseInt(line.substring(14).split("[.\"]")[0]);
            }
        } catch (IOException | RuntimeException notAJdk) {
            return -1;
        }
        return -1;
    }
}
