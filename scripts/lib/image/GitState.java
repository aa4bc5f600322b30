import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The commit an image is built from: its tags and its OCI labels come from here. */
record GitState(String revision, String shortRevision, boolean dirty, Instant commitTime, String remoteUrl) {

    /** A build outside a git checkout (only for a tarball): tagged "local", no revision label, fixed time. */
    static GitState none() {
        return new GitState(null, "local", false, Instant.EPOCH, null);
    }

    /**
     * Null when the folder is not a git checkout, or when git is missing and GITHUB_SHA is not set.
     * Without git (jbang-action's container has none) the commit is the one GitHub Actions checked out.
     */
    static GitState of(Path folder, ProcessRunner runner) {
        if (!runner.installed("git")) return fromGithubActions(runner.environment());
        String revision = git(runner, folder, "rev-parse", "HEAD");
        if (revision == null) return null;
        String shortRevision = git(runner, folder, "rev-parse", "--short", "HEAD");
        String status = git(runner, folder, "status", "--porcelain");
        String commitSeconds = git(runner, folder, "show", "-s", "--format=%ct", "HEAD");
        String remote = git(runner, folder, "remote", "get-url", "origin");
        return new GitState(revision, shortRevision, status != null && !status.isBlank(),
                Instant.ofEpochSecond(Long.parseLong(commitSeconds)), remote == null ? null : browsable(remote));
    }

    /**
     * The commit GITHUB_SHA names, shortened as git does by default; the tree is taken as clean (a CI
     * checkout), and its commit time, which only git could read, as unknown (the epoch, as jib's default).
     */
    static GitState fromGithubActions(Map<String, String> environment) {
        String sha = environment.get("GITHUB_SHA");
        if (sha == null || !sha.matches("[0-9a-f]{40}")) return null;
        String repository = environment.get("GITHUB_REPOSITORY");
        String server = environment.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
        return new GitState(sha, sha.substring(0, 7), false, Instant.EPOCH, repository == null ? null : server + "/" + repository);
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
