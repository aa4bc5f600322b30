import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dockerignore as Docker reads it (https://docs.docker.com/build/concepts/context/#dockerignore-files). */
class DockerIgnoreTest {

    @Test
    void aPatternAlsoLeavesOutEverythingInsideAMatchingFolder() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("node_modules", "/.git/"));
        assertTrue(ignore.excludes("node_modules"));
        assertTrue(ignore.excludes("node_modules/react/index.js"));
        assertTrue(ignore.excludes(".git/HEAD"));
        assertFalse(ignore.excludes("src/node_modules_list.txt"));
        assertFalse(ignore.excludes("src/node_modules/x.js"), "without ** a pattern is anchored at the context root");
    }

    @Test
    void starStaysInOneSegmentAndDoubleStarSpansMany() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("*.env", "docs/*/draft.md", "**/*.pyc", "static/**"));
        assertTrue(ignore.excludes("local.env"));
        assertFalse(ignore.excludes("config/local.env"), "* does not cross a /");
        assertTrue(ignore.excludes("docs/a/draft.md"));
        assertFalse(ignore.excludes("docs/a/b/draft.md"));
        assertTrue(ignore.excludes("views.pyc"), "**/ also matches no folder at all");
        assertTrue(ignore.excludes("app/deep/down/views.pyc"));
        assertTrue(ignore.excludes("static/css/site.css"));
        assertFalse(ignore.excludes("staticfiles/site.css"));
    }

    @Test
    void theLastMatchingLineWinsSoAnExceptionCanBringAFileBack() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("# comment", "", "*.md", "!README.md", "!docs/**", "docs/secret.md"));
        assertTrue(ignore.excludes("CHANGES.md"));
        assertFalse(ignore.excludes("README.md"));
        assertFalse(ignore.excludes("docs/guide.md"));
        assertTrue(ignore.excludes("docs/secret.md"));
        assertFalse(ignore.excludes("# comment"));
    }

    @Test
    void characterClassesAndQuestionMarks() {
        DockerIgnore ignore = DockerIgnore.parse(List.of("log[0-9].txt", "tmp?", "[!a]b"));
        assertTrue(ignore.excludes("log7.txt"));
        assertFalse(ignore.excludes("logx.txt"));
        assertTrue(ignore.excludes("tmp1"));
        assertFalse(ignore.excludes("tmp12"));
        assertTrue(ignore.excludes("xb"));
        assertFalse(ignore.excludes("ab"));
    }

    @Test
    void includedFilesWalkTheFolderHonouringExceptionsInsideExcludedFolders(@TempDir Path app) throws Exception {
        for (String file : List.of("manage.py", "build/out.js", "build/keep/this.js", "media/upload.png", "src/a.py")) {
            Files.createDirectories(app.resolve(file).getParent());
            Files.writeString(app.resolve(file), file);
        }
        Files.writeString(app.resolve(".dockerignore"), "build\n!build/keep\n");
        assertEquals(Set.of(".dockerignore", "manage.py", "build/keep/this.js", "src/a.py"),
                DockerIgnore.read(app).includedFiles(app, Set.of("media")));
        assertEquals(Set.of(".dockerignore", "manage.py", "build/out.js", "build/keep/this.js", "media/upload.png", "src/a.py"),
                DockerIgnore.none().includedFiles(app, Set.of()));
    }
}
