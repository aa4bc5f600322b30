import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests stay in their folders by kind (docs/development.md, "Tests"): every folder of
 * tests/src/test but resources is a test source root of the pom, and no file sits in Maven's
 * default root src/test/java, where a file from an older branch would still compile but belong to
 * no kind.
 */
class TestLayoutTest {
    private static final Path TESTS = RealJBang.REPO.resolve("tests");
    private static final Pattern SOURCE_ROOT = Pattern.compile("<source>src/test/([a-z]+)</source>");

    @Test
    void everyTestFolderIsASourceRootAndTheDefaultRootIsEmpty() throws IOException {
        List<String> roots = SOURCE_ROOT.matcher(Files.readString(TESTS.resolve("pom.xml"))).results()
                .map(m -> m.group(1)).sorted().toList();
        List<String> folders;
        try (Stream<Path> children = Files.list(TESTS.resolve("src/test"))) {
            folders = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("resources")).sorted().toList();
        }
        assertEquals(roots, folders, "the folders of tests/src/test and the pom's test source roots differ;"
                + " move a file from src/test/java into the folder of its kind");
    }
}
