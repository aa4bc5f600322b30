import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The commit an image is built from: its tags and its OCI labels come from here. */
record GitState(String revision, String shortRevision, boolean dirty, Instant commitTime, String remoteUrl) {

    /** A build outside a git checkout (only for a tarball): tagged "local", no revision label, fixed time. */
    static GitState none() {
        return new GitState(null, "local", false, Instant.EPOCH, null);
    }

    /** Null when the folder is not a git checkout (or git is missing). */
    static GitState of(Path folder, ProcessRunner runner) {
        String revision = git(runner, folder, "rev-parse", "HEAD");
        if (revision == null) return null;
        String shortRevision = git(runner, folder, "rev-parse", "--short", "HEAD");
        String status = git(runner, folder, "status", "--porcelain");
        String commitSeconds = git(runner, folder, "show", "-s", "--format=%ct", "HEAD");
        String remote = git(runner, folder, "remote", "get-url", "origin");
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

    /** The answer of a git command, or null when git is missing or says no (not a checkout, no such remote). */
    private static String git(ProcessRunner runner, Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        try {
            ProcessRunner.Result result = runner.run(ProcessRunner.Command.of(command).discardingErrors()
                    .within(Duration.ofMinutes(1)));
            return result.succeeded() ? result.output().strip() : null;
        } catch (ProcessRunner.CannotStart e) {
            return null;
        }
    }
}
