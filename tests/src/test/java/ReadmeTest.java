import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** README's configuration reference must list every setting, so that it stays true. */
class ReadmeTest {
    @Test
    void everySettingIsDocumentedWithItsVariableAndDefault() throws Exception {
        String readme = Files.readString(RealJBang.REPO.resolve("README.md"));
        for (Setting setting : Setting.values()) {
            String row = readme.lines().filter(l -> l.startsWith("| `" + setting.key + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + setting.key));
            assertTrue(row.contains("`" + setting.environmentVariable + "`"), row);
            if (setting.defaultValue != null) assertTrue(row.contains("`" + setting.defaultValue + "`"), row);
        }
    }

    @Test
    void theTestCommandInReadmeIsWhatCiRuns() throws Exception {
        String command = "mvn -B -f tests/pom.xml test";
        assertTrue(Files.readString(RealJBang.REPO.resolve("README.md")).contains(command));
        assertTrue(Files.readString(RealJBang.REPO.resolve(".ci/run")).contains(command));
    }
}
