import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commit an image is built from: its tags and its OCI labels come from here. */
record GitState(String revision, String shortRevision, boolean dirty, Instant commitTime, String remoteUrl) {

    /** A build outside a git checkout (only for a tarball): tagged "local", no revision label, fixed time. */
    static GitState none() {
        return new GitState(null, "local", false, Instant.EPOCH, null);
    }

    /** Null when the folder is not a git checkout (or git is missing). */
    static GitState of(Path folder) {
        String revision = git(folder, "rev-parse", "HEAD");
        if (revision == null) return null;
        String shortRevision = git(folder, "rev-parse", "--short", "HEAD");
        String status = git(folder, "status", "--porcelain");
        String commitSeconds = git(folder, "show", "-s", "--format=%ct", "HEAD");
        String remote = git(folder, "remote", "get-url", "origin");
        return new GitState(revision, shortRevision, status != null && !status.isBlank(),
                Instant.ofEpochSecond(Long.parseLong(commitSeconds)), remote == null ? null : browsable(remote));
    }

    /** The tag of the image: the short commit, marked when the work tree has uncommitted changes. */
    String tag() {
        return dirty ? shortRevision + "-dirty" : shortRevision;
    }

    /** git@github.com:org/app.git and https://user@host/org/app.git both become https://host/org/app. */
    static String browsable(String remote) {
        String url = remote.strip();
        if (url.matches("^[\\w.-]+@[\\w.-]+:.*")) url = "https://" + url.substring(url.indexOf('@') + 1).replaceFirst(":", "/");
        url = url.replaceFirst("^ssh://[^@/]+@", "https://").replaceFirst("^(https?://)[^@/]+@", "$1");
        return url.endsWith(".git") ? url.substring(0, url.length() - 4) : url;
    }

    private static String git(Path folder, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) return null;
            return output.strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
