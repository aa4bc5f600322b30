import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build context archive: Docker's .dockerignore rules, as the examples of
 * https://docs.docker.com/build/concepts/context/#dockerignore-files state them, decide the file
 * list; .git never goes in; the same tree gives the same bytes.
 */
class ContextArchiveTest {
    @TempDir
    Path app;

    private void files(String... paths) throws Exception {
        for (String path : paths) {
            Path file = app.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, path + "\n");
        }
    }

    private List<String> entries(String... ignoreLines) throws Exception {
        Files.write(app.resolve(".dockerignore"), List.of(ignoreLines));
        return ContextArchive.entries(app, "Dockerfile");
    }

    @Test
    void theDocsExampleOfStarsAndQuestionMarks() throws Exception {
        files("Dockerfile", "tempa", "tempb", "temp", "temporary.txt", "somedir/temporary.txt", "somedir/temp/x.txt",
                "somedir/subdir/temporary.txt", "somedir/subdir/keep.txt", "a/b/c/temp.txt");
        // */temp*: names starting with temp one level down; */*/temp*: two levels down; temp?: at the root, one more character
        assertEquals(List.of(".dockerignore", "Dockerfile", "a/b/c/temp.txt", "somedir/subdir/keep.txt", "temp", "temporary.txt"),
                entries("# comment", "*/temp*", "*/*/temp*", "temp?"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfFoldersIncludingNone() throws Exception {
        files("Dockerfile", "main.go", "cmd/tool/main.go", "cmd/tool/README", "vendor/x/y/z.go");
        assertEquals(List.of(".dockerignore", "Dockerfile", "cmd/tool/README"), entries("**/*.go"));
    }

    @Test
    void theLastMatchingLineDecidesSoExceptionsDependOnTheirPlace() throws Exception {
        files("Dockerfile", "README.md", "README-secret.md", "README-public.md", "CHANGES.md", "docs/guide.md");
        // *.md matches at the root only: docs/guide.md stays
        assertEquals(List.of(".dockerignore", "Dockerfile", "README-public.md", "README.md", "docs/guide.md"),
                entries("*.md", "!README*.md", "README-secret.md"));
        assertEquals(List.of(".dockerignore", "Dockerfile", "README-public.md", "README-secret.md", "README.md", "docs/guide.md"),
                entries("*.md", "README-secret.md", "!README*.md"));
    }

    @Test
    void aFolderPatternLeavesOutItsContentsAndAnExceptionCanReachInside() throws Exception {
        files("Dockerfile", "node_modules/a/index.js", "static/bundles/app.js", "static/bundles/keep.txt", "static/css/site.css");
        assertEquals(List.of(".dockerignore", "Dockerfile", "static/bundles/keep.txt", "static/css/site.css"),
                entries("node_modules/", "/static/bundles", "!static/bundles/keep.txt"));
    }

    @Test
    void onlyWhatTheExceptionsNameWhenEverythingIsIgnoredFirst() throws Exception {
        files("Dockerfile", "app/main.py", "app/test_main.py", "notes.txt");
        assertEquals(List.of(".dockerignore", "Dockerfile", "app/main.py"), entries("*", "!app", "app/test_*"));
    }

    @Test
    void theDockerfileAndTheIgnoreFileAreAlwaysSentAsDockerDoes() throws Exception {
        files("Dockerfile", "docker/Dockerfile.prod", "main.py");
        assertEquals(List.of(".dockerignore", "Dockerfile", "main.py"), entries("Dockerfile", ".dockerignore", "docker"));
        assertEquals(List.of(".dockerignore", "docker/Dockerfile.prod", "main.py"),
                ContextArchive.entries(app, "docker/Dockerfile.prod"));
    }

    @Test
    void aDockerfileSpecificIgnoreFileWinsOverTheRootOne() throws Exception {
        files("Dockerfile", "a.txt", "b.txt");
        Files.write(app.resolve("Dockerfile.dockerignore"), List.of("b.txt"));
        assertEquals(List.of(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "a.txt"), entries("a.txt"));
    }

    @Test
    void gitIsNeverInsideWhateverTheIgnoreFileSays() throws Exception {
        files("Dockerfile", ".git/HEAD", ".git/objects/ab/cdef", ".gitignore", "sub/.git/config");
        assertEquals(List.of(".dockerignore", ".gitignore", "Dockerfile", "sub/.git/config"), entries("!.git", "!.git/**"));
        Files.delete(app.resolve(".dockerignore"));
        assertFalse(ContextArchive.entries(app, "Dockerfile").stream().anyMatch(p -> p.startsWith(".git/")));
    }

    @Test
    void theSameTreeGivesTheSameBytesWhateverTheFileTimesAndTimeZone() throws Exception {
        Path out = Files.createTempDirectory("labs-archives");
        files("Dockerfile", "manage.py", "docker/start", "config/settings/base.py");
        Files.setPosixFilePermissions(app.resolve("docker/start"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(app.resolve("settings.py"), Path.of("config/settings/base.py"));
        ContextArchive.Archive first = ContextArchive.write(app, "Dockerfile", out.resolve("one.zip"));
        Files.setLastModifiedTime(app.resolve("manage.py"), FileTime.fromMillis(1_700_000_000_000L));
        TimeZone zone = TimeZone.getDefault();
        ContextArchive.Archive second;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
            second = ContextArchive.write(app, "Dockerfile", out.resolve("two.zip"));
        } finally {
            TimeZone.setDefault(zone);
        }
        assertArrayEquals(Files.readAllBytes(first.file()), Files.readAllBytes(second.file()));
        assertEquals(first.sha256(), second.sha256());
        assertEquals("sources/" + first.sha256() + ".zip", first.key());
        assertEquals(5, first.entries());

        Files.writeString(app.resolve("manage.py"), "changed\n");
        assertFalse(first.sha256().equals(ContextArchive.write(app, "Dockerfile", out.resolve("three.zip")).sha256()));
    }

    @Test
    void entriesKeepTheExecutableBitAndSymlinksInPathOrder() throws Exception {
        Path out = Files.createTempDirectory("labs-archives");
        files("Dockerfile", "manage.py", "docker/start");
        Files.setPosixFilePermissions(app.resolve("docker/start"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(app.resolve("link.py"), Path.of("manage.py"));
        ContextArchive.Archive archive = ContextArchive.write(app, "Dockerfile", out.resolve("c.zip"));
        List<String> seen = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(archive.file()).get()) {
            for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntriesInPhysicalOrder())) {
                seen.add(entry.getName() + " " + Integer.toOctalString(entry.getUnixMode()));
                if (entry.isUnixSymlink()) assertEquals("manage.py", new String(zip.getInputStream(entry).readAllBytes()));
            }
        }
        assertEquals(List.of("Dockerfile 100644", "docker/start 100755", "link.py 120777", "manage.py 100644"), seen);
        assertTrue(archive.bytes() > 0);
    }
}
