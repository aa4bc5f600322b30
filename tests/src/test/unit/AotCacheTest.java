import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When a script re-runs itself to record its start-up cache, and the command line of that run. */
class AotCacheTest {
    static final String JAR_DIR = "/home/u/.jbang/cache/jars/ip.java.abc";
    static final String ARCHIVE = JAR_DIR + "/ip.jsa";
    static final String CLASSPATH = JAR_DIR + "/ip.jar:/m2/picocli.jar";
    static final Supplier<String> THIS_JVM = () -> "this jvm";

    /** JBang's command for a //CDS script whose archive exists (its first run has ArchiveClassesAtExit instead). */
    static List<String> jbangCommand(String archiveOption, String... arguments) {
        List<String> command = new ArrayList<>(List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-classpath", CLASSPATH, archiveOption, "Ip"));
        command.addAll(List.of(arguments));
        return command;
    }

    @Test
    void onJdk25ARunWithJBangsArchiveRecordsAnAotCacheInItsPlace() {
        Optional<AotCache.Recording> recording = AotCache.plan(25,
                jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, "--url"), Optional.empty(), THIS_JVM, 42);

        String output = ARCHIVE + ".42.tmp";
        assertEquals(Optional.of(new AotCache.Recording(List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-classpath", CLASSPATH, "-XX:AOTCacheOutput=" + output,
                "-XX:+DisplayVMOutputToStderr", "-Xlog:aot=off:stderr", "Ip", "--url"), Path.of(output), Path.of(ARCHIVE))),
                recording);
    }

    @Test
    void onJdk25ACacheThisJvmRecordedIsUsedAsItIs() {
        assertEquals(Optional.empty(), AotCache.plan(25, jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE),
                Optional.of("this jvm"), THIS_JVM, 42));
    }

    @Test
    void onJdk25ACacheRecordedForAnotherJdkJarOrOptionsIsRecordedAgain() {
        assertTrue(AotCache.plan(26, jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE), Optional.of("another jvm"),
                THIS_JVM, 42).isPresent());
    }

    @Test
    void onJdk17To24JBangsOwnArchiveStays() {
        for (int feature : new int[] {17, 21, 24}) {
            assertEquals(Optional.empty(), AotCache.plan(feature, jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE),
                    Optional.empty(), THIS_JVM, 42), "JDK " + feature);
        }
    }

    @Test
    void onJdk17AnArchiveThatARecordingOnAnotherJdkLeftIsRecordedAgainAsADynamicArchive() {
        Optional<AotCache.Recording> recording = AotCache.plan(17, jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE),
                Optional.of("jdk 25"), THIS_JVM, 7);

        assertEquals(List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-classpath", CLASSPATH,
                "-XX:ArchiveClassesAtExit=" + ARCHIVE + ".7.tmp", "Ip"), recording.orElseThrow().command());
    }

    @Test
    void theFirstRunAfterABuildIsLeftToJBangWhoseJvmWritesTheFileAtExit() {
        assertEquals(Optional.empty(), AotCache.plan(25, jbangCommand("-XX:ArchiveClassesAtExit=" + ARCHIVE),
                Optional.empty(), THIS_JVM, 42));
    }

    @Test
    void helpAndVersionRunsRecordNothing() {
        for (String shortRun : List.of("--help", "-h", "--version", "-V")) {
            assertEquals(Optional.empty(), AotCache.plan(25, jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, shortRun),
                    Optional.empty(), THIS_JVM, 42), shortRun);
        }
    }

    @Test
    void withoutJBangsArchiveOrWithCacheOptionsOfItsOwnARunRecordsNothing() {
        List<String> noCds = new ArrayList<>(List.of("/jdk/bin/java", "-classpath", CLASSPATH, "Ip"));
        assertEquals(Optional.empty(), AotCache.plan(25, noCds, Optional.empty(), THIS_JVM, 42));

        List<String> recording = jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE);
        recording.add(1, "-XX:AOTCacheOutput=/tmp/x.aot");
        assertEquals(Optional.empty(), AotCache.plan(25, recording, Optional.empty(), THIS_JVM, 42));
    }

    @Test
    void anArgumentOfTheCommandIsNeverTakenForAJvmOption() {
        List<String> command = jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, "-XX:AOTCache=not-an-option");
        assertEquals(7, AotCache.mainClassIndex(command) + 1);
        assertTrue(AotCache.plan(25, command, Optional.empty(), THIS_JVM, 42).isPresent());
    }

    @Test
    void theStampChangesWithTheJvmItsOptionsTheClasspathAndTheArchive() {
        List<String> command = jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, "--url");
        Map<String, String> files = Map.of(JAR_DIR + "/ip.jar", "100 1", "/m2/picocli.jar", "200 2", ARCHIVE, "300 3");
        String stamp = AotCache.identity(command, "25.0.3", "/jdk", file -> files.get(file.toString()));

        assertEquals(stamp, AotCache.identity(jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, "--other"), "25.0.3", "/jdk",
                file -> files.get(file.toString())), "the command's own arguments play no part");
        assertNotEquals(stamp, AotCache.identity(command, "25.0.4", "/jdk", file -> files.get(file.toString())));
        assertNotEquals(stamp, AotCache.identity(command, "25.0.3", "/jdk", file -> file.toString().endsWith("ip.jar")
                ? "101 9" : files.get(file.toString())), "a rebuilt jar");
        assertNotEquals(stamp, AotCache.identity(command, "25.0.3", "/jdk", file -> file.toString().endsWith(".jsa")
                ? "44 9" : files.get(file.toString())), "an archive JBang or another JVM rewrote");
        List<String> otherGc = jbangCommand("-XX:SharedArchiveFile=" + ARCHIVE, "--url");
        otherGc.set(2, "-XX:+UseG1GC");
        assertNotEquals(stamp, AotCache.identity(otherGc, "25.0.3", "/jdk", file -> files.get(file.toString())));
    }
}
