import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The build context as a zip, holding what Docker would send its daemon: the app folder through
 * its .dockerignore (or DOCKERFILE.dockerignore, which BuildKit prefers), plus the Dockerfile and
 * the ignore file themselves, which Docker always sends. `.git` stays out whatever the ignore file
 * says: it is large, and the image's revision comes from the build argument instead.
 *
 * The same tree gives the same bytes (entries sorted by path, one fixed time, modes 644/755 as git
 * records them), so the content hash names the upload and an unchanged tree is not sent twice.
 */
final class ContextArchive {
    /** A written archive: the file, the SHA-256 of its bytes, its size and how many entries it holds. */
    record Archive(Path file, String sha256, long bytes, int entries) {
        /** The S3 key: content-addressed, so that an existing object means the same context. */
        String key() {
            return "sources/" + sha256 + ".zip";
        }
    }

    /**
     * 2000-01-01 00:00 in the zone the entry is written in, so that the DOS time fields are the same
     * everywhere (1980, the DOS epoch, falls before it in zones east of UTC, and the library then adds
     * extended-time fields).
     */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final int SYMLINK = 0120000;

    private ContextArchive() {
    }

    /** The context's paths, '/'-separated, in the archive's order. */
    static List<String> entries(Path app, String dockerfile) {
        Path ignoreFile = ignoreFile(app, dockerfile);
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.readFile(ignoreFile) : DockerIgnore.none();
        Set<String> entries = new TreeSet<>(ignore.includedFiles(app, Set.of(".git")));
        for (String always : List.of(dockerfile, app.relativize(ignoreFile).toString())) {
            String path = always.replace('\\', '/');
            if (Files.exists(app.resolve(path), LinkOption.NOFOLLOW_LINKS)) entries.add(path);
        }
        return List.copyOf(entries);
    }

    /** BuildKit reads DOCKERFILE.dockerignore beside the Dockerfile when it exists, else .dockerignore at the root. */
    static Path ignoreFile(Path app, String dockerfile) {
        Path specific = app.resolve(dockerfile + ".dockerignore");
        return Files.isRegularFile(specific) ? specific : app.resolve(".dockerignore");
    }

    static Archive write(Path app, String dockerfile, Path target) {
        List<String> entries = entries(app, dockerfile);
        long time = FIXED_TIME.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            for (String path : entries) {
                Path file = app.resolve(path);
                ZipArchiveEntry entry = new ZipArchiveEntry(path);
                entry.setTime(time);
                if (Files.isSymbolicLink(file)) {
                    entry.setUnixMode(SYMLINK | 0777);
                    zip.putArchiveEntry(entry);
                    zip.write(Files.readSymbolicLink(file).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    entry.setUnixMode(0100000 | (Files.isExecutable(file) ? 0755 : 0644));
                    zip.putArchiveEntry(entry);
                    Files.copy(file, zip);
                }
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the build context " + target + ": " + e.getMessage(), e);
        }
        return new Archive(target, sha256(target), size(target), entries.size());
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
