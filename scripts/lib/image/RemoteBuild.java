import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codebuild.model.StartBuildRequest;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The codebuild builder: the app's Dockerfile built on AWS CodeBuild, for machines without Docker.
 * Zips the build context, uploads it under its content hash (once), starts the build with labs'
 * buildspec, streams its log with the phase as it changes, and reads the pushed digest back from ECR.
 * A failed build ends the run with its failed phase, the last lines of its log and its console link;
 * Ctrl-C stops the build.
 */
final class RemoteBuild {
    static final Duration POLL = Duration.ofSeconds(3);
    static final int TAIL_LINES = 40;
    /** How long a stopped build may take to report STOPPED before labs stops waiting for it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Docker Hub's answer to an anonymous puller over its limit (CodeBuild's addresses are shared). */
    static final Pattern RATE_LIMITED = Pattern.compile("toomanyrequests|429 Too Many Requests");

    private final LabsOptions labs;
    private final Console console;
    private final Ticker ticker;
    private final CodeBuild codeBuild;
    private final S3 s3;
    private final Ecr ecr;
    private final CloudWatchLogs logs;

    RemoteBuild(LabsOptions labs) {
        this.labs = labs;
        this.console = labs.console();
        this.ticker = labs.ticker();
        this.codeBuild = new CodeBuild(labs);
        this.s3 = new S3(labs);
        this.ecr = new Ecr(labs);
        this.logs = new CloudWatchLogs(labs);
    }

    /** @param timeout for all of it: zipping and uploading the context count against the build's wait */
    ImageBuild.Built run(Path app, GitState git, List<String> tags, Duration timeout) {
        Instant begun = ticker.now();
        Names names = labs.names();
        Project project = codeBuild.project(names.buildProject()).orElseThrow(() -> labs.notFound("CodeBuild project",
                names.buildProject(), "run provision, which creates the remote builder (bucket, project, role, log group)"));
        String bucket = names.buildSourcesBucket(accountOf(project.arn()), labs.aws().region().id());
        String repositoryUri = ecr.repositoryUri();
        String dockerfile = labs.config().get(Setting.IMAGE_DOCKERFILE);
        Path zip = temporaryFile();
        try {
            ContextArchive.Archive archive = ContextArchive.write(app, dockerfile, zip);
            console.info("Build context: " + archive.entries() + " files, " + ImageProgress.bytes(archive.bytes())
                    + " zipped (.dockerignore honoured, .git left out)");
            upload(bucket, archive);
            Buildspec.Inputs inputs = new Buildspec.Inputs(repositoryUri.substring(0, repositoryUri.indexOf('/')), repositoryUri,
                    tags, dockerfile, labs.config().get(Setting.IMAGE_TARGET), labs.config().get(Setting.IMAGE_PLATFORM),
                    git.revision() == null ? git.tag() : git.revision(), labs.config().get(Setting.IMAGE_DOCKERHUB_SECRET));
            Duration spent = Duration.between(begun, ticker.now());
            Duration left = spent.compareTo(timeout) < 0 ? timeout.minus(spent) : Duration.ZERO;
            Build build = codeBuild.start(startRequest(project, bucket + "/" + archive.key(), inputs, left));
            console.info("Started CodeBuild build " + build.id() + " (" + String.join(", ", tags) + ")");
            Build finished = follow(build, left);
            String digest = ecr.digestOf(tags.get(0));
            console.info("Pushed " + repositoryUri + ":" + String.join(", :", tags) + "  digest " + digest);
            console.info("CodeBuild: " + BuildReport.cost(finished, ticker.now()));
            return new ImageBuild.Built(repositoryUri, digest, tags, -1, archive.bytes(), List.of(), true);
        } finally {
            deleteQuietly(zip);
        }
    }

    /** The object's name is the archive's hash: when it exists, this very context was uploaded before. */
    private void upload(String bucket, ContextArchive.Archive archive) {
        if (s3.has(bucket, archive.key())) {
            console.info("  already uploaded: s3://" + bucket + "/" + archive.key());
            return;
        }
        try {
            s3.put(bucket, archive.key(), archive.file());
        } catch (NoSuchBucketException e) {
            throw labs.notFound("S3 bucket", bucket, "run provision, which creates the remote builder");
        }
        console.info("  uploaded to s3://" + bucket + "/" + archive.key());
    }

    static StartBuildRequest startRequest(Project project, String sourceLocation, Buildspec.Inputs inputs, Duration timeout) {
        int minutes = (int) Math.min(2160, Math.max(5, (timeout.toSeconds() + 59) / 60));
        return StartBuildRequest.builder().projectName(project.name())
                .sourceTypeOverride(SourceType.S3).sourceLocationOverride(sourceLocation)
                .buildspecOverride(Buildspec.text())
                .environmentVariablesOverride(Buildspec.variables(inputs))
                .timeoutInMinutesOverride(minutes)
                .build();
    }

    /** Polls the build until it ends, printing each new log line and each phase change. */
    private Build follow(Build started, Duration timeout) {
        ticker.catchInterrupts();
        Deque<String> tail = new ArrayDeque<>();
        LogFollower follower = new LogFollower(tail);
        String[] phase = {""};
        Build[] build = {started};
        Waits.poll(ticker, POLL, timeout, elapsed -> {
            if (ticker.interruptRequested()) throw stop(build[0], "Ctrl-C", follower);
            build[0] = codeBuild.build(build[0].id());
            if (!build[0].currentPhase().equals(phase[0])) {
                phase[0] = build[0].currentPhase();
                console.info("  " + Console.elapsed(elapsed) + ": phase " + phase[0]);
            }
            follower.read(build[0]);
            return BuildReport.finished(build[0]) ? Optional.of(build[0]) : Optional.empty();
        }, elapsed -> {
            throw stop(build[0], "--timeout after " + Console.elapsed(elapsed), follower);
        });
        ticker.sleep(POLL);
        follower.read(build[0]);
        if (build[0].buildStatus() == StatusType.SUCCEEDED) return build[0];
        throw failed(build[0], tail, follower);
    }

    private LabsException failed(Build build, Deque<String> tail, LogFollower follower) {
        if (!tail.isEmpty()) {
            console.info("Last " + tail.size() + " lines of the build log:");
            tail.forEach(line -> console.info("  | " + line));
        }
        follower.hintIfRateLimited();
        return LabsException.failed("CodeBuild build " + build.id() + " ended " + build.buildStatusAsString() + ": "
                + BuildReport.failure(build) + "; its log: " + consoleLink(build));
    }

    /** StopBuild, then a short wait for STOPPED so that the last lines arrive. */
    private LabsException stop(Build build, String why, LogFollower follower) {
        console.info("Stopping CodeBuild build " + build.id() + " (" + why + ")...");
        codeBuild.stop(build.id());
        Build[] latest = {build};
        Build now = Waits.poll(ticker, POLL, STOP_GRACE, elapsed -> {
            if (!elapsed.isZero()) {
                latest[0] = codeBuild.build(build.id());
                follower.read(latest[0]);
            }
            return BuildReport.finished(latest[0]) ? Optional.of(latest[0]) : Optional.empty();
        }, elapsed -> latest[0]);
        String state = BuildReport.finished(now) ? "it ended " + now.buildStatusAsString() : "it is still stopping";
        if (why.equals("Ctrl-C")) {
            return new LabsException(LabsException.INTERRUPTED, "Stopped CodeBuild build " + build.id() + " (Ctrl-C; " + state
                    + "): nothing rolled out");
        }
        return LabsException.failed("Gave up on CodeBuild build " + build.id() + " (" + why + "); stopped it, " + state
                + "; its log: " + consoleLink(now));
    }

    private static String consoleLink(Build build) {
        return build.logs() != null && build.logs().deepLink() != null ? build.logs().deepLink() : "(no log link yet)";
    }

    /** ARNs read arn:aws:codebuild:REGION:ACCOUNT:project/NAME. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":");
        if (parts.length < 6) throw new IllegalArgumentException("not an ARN: " + arn);
        return parts[4];
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("labs-context-", ".zip");
        } catch (IOException e) {
            throw LabsException.failed("Cannot create a temporary file for the build context: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    /** Reads the build's log stream once BatchGetBuilds names it, keeping the last lines for a failure report. */
    private final class LogFollower {
        private final Deque<String> tail;
        private CloudWatchLogs.StreamReader reader;
        private boolean rateLimited;

        LogFollower(Deque<String> tail) {
            this.tail = tail;
        }

        void read(Build build) {
            if (reader == null && build.logs() != null && build.logs().groupName() != null && build.logs().streamName() != null) {
                reader = logs.reader(build.logs().groupName(), build.logs().streamName());
            }
            if (reader == null) return;
            for (String raw : reader.newLines()) {
                String line = raw.stripTrailing();
                console.detail("  | " + line);
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) tail.removeFirst();
                if (RATE_LIMITED.matcher(line).find()) rateLimited = true;
            }
        }

        void hintIfRateLimited() {
            if (rateLimited) {
                console.warn("Docker Hub refused an anonymous pull (429 toomanyrequests; CodeBuild shares its addresses):"
                        + " set labs.image.dockerhub-secret to a secret with your Docker Hub username and token (docs/image-build.md)");
            }
        }
    }
}
