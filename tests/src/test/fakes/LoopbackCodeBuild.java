import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * CodeBuild on the loopback endpoint (JSON 1.1, target CodeBuild_20161006.ACTION) with the stack's
 * remote builder provisioned (project PREFIX-build, log group /codebuild/PREFIX-build): BatchGetProjects,
 * StartBuild, BatchGetBuilds, StopBuild.
 *
 * A build runs on the wall clock, one phase every phaseTime, through the phases of the API reference
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BuildPhase.html): SUBMITTED, QUEUED,
 * PROVISIONING, DOWNLOAD_SOURCE, INSTALL, PRE_BUILD, BUILD, POST_BUILD, UPLOAD_ARTIFACTS, FINALIZING,
 * COMPLETED; each BatchGetBuilds brings it up to date. It does what labs' buildspec asks of it, in
 * outline: DOWNLOAD_SOURCE fetches the zip named by sourceLocationOverride from the loopback S3 (a
 * missing object fails the phase with CLIENT_ERROR), BUILD reads the Dockerfile from the zip and
 * logs BuildKit-like steps: a RUN whose command is "false" or "exit N" fails the phase with
 * COMMAND_EXECUTION_ERROR (POST_BUILD still runs, as in CodeBuild), otherwise the image is pushed to
 * the loopback ECR under LABS_TAGS. StopBuild ends the current phase STOPPED. The log goes to the
 * project's group, one stream per build named after the build's UUID, and BatchGetBuilds names it
 * with its console deepLink. Unknown names: BatchGetBuilds and BatchGetProjects list them under
 * buildsNotFound/projectsNotFound
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetBuilds.html); StartBuild
 * and StopBuild answer ResourceNotFoundException, a bad override InvalidInputException, and with
 * refuseBuilds StartBuild answers AccountLimitExceededException
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html).
 */
final class LoopbackCodeBuild {
    static final Duration DEFAULT_PHASE = Duration.ofMillis(500);
    static final List<String> PHASES = List.of("SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD",
            "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** How long each phase takes. */
    volatile Duration phaseTime = DEFAULT_PHASE;
    /** StartBuild answers the account's build limit, so that a benchmark's deploy ends right there. */
    volatile boolean refuseBuilds;

    private final String projectName;
    private final String logGroup;
    private final LoopbackS3 s3;
    private final LoopbackLogs logs;
    private final LoopbackEcr ecr;
    private final Map<String, Run> builds = new LinkedHashMap<>();

    LoopbackCodeBuild(String projectName, LoopbackS3 s3, LoopbackLogs logs, LoopbackEcr ecr) {
        this.projectName = projectName;
        this.logGroup = "/codebuild/" + projectName;
        this.s3 = s3;
        this.logs = logs.group(logGroup);
        this.ecr = ecr;
    }

    /** The ids of the builds started so far, oldest first. */
    synchronized List<String> buildIds() {
        return List.copyOf(builds.keySet());
    }

    /** A build as BatchGetBuilds would answer now. */
    synchronized Map<String, Object> build(String id) {
        Run run = builds.get(id);
        run.catchUp(Instant.now());
        return run.build;
    }

    synchronized LoopbackAws.Reply answer(String action, Map<String, Object> request) {
        return switch (action) {
            case "BatchGetProjects" -> batchGetProjects(request);
            case "StartBuild" -> startBuild(request);
            case "BatchGetBuilds" -> batchGetBuilds(request);
            case "StopBuild" -> stopBuild(request);
            default -> LoopbackAws.Reply.jsonError("UnknownOperationException", null);
        };
    }

    private String projectArn() {
        return "arn:aws:codebuild:" + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":project/" + projectName;
    }

    /** The project as provision creates it (BuildProject): no source of its own, small Linux, privileged for Docker. */
    private Map<String, Object> project() {
        return LoopbackAws.map("name", projectName, "arn", projectArn(),
                "source", LoopbackAws.map("type", "NO_SOURCE", "insecureSsl", false),
                "artifacts", LoopbackAws.map("type", "NO_ARTIFACTS"),
                "environment", environment(List.of()),
                "serviceRole", "arn:aws:iam::" + LoopbackAws.ACCOUNT + ":role/" + projectName.replaceFirst("-build$", "") + "-codebuild-role",
                "timeoutInMinutes", 60, "queuedTimeoutInMinutes", 480,
                "encryptionKey", "arn:aws:kms:" + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":alias/aws/s3",
                "created", 1_790_000_000, "lastModified", 1_790_000_000,
                "logsConfig", LoopbackAws.map("cloudWatchLogs", LoopbackAws.map("status", "ENABLED", "groupName", logGroup),
                        "s3Logs", LoopbackAws.map("status", "DISABLED", "encryptionDisabled", false)));
    }

    private static Map<String, Object> environment(List<?> variables) {
        return LoopbackAws.map("type", "LINUX_CONTAINER", "image", "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
                "computeType", "BUILD_GENERAL1_SMALL", "environmentVariables", variables, "privilegedMode", true,
                "imagePullCredentialsType", "CODEBUILD");
    }

    private LoopbackAws.Reply batchGetProjects(Map<String, Object> request) {
        List<Object> found = new ArrayList<>();
        List<Object> missing = new ArrayList<>();
        for (Object name : list(request, "names")) {
            if (projectName.equals(name) || projectArn().equals(name)) found.add(project());
            else missing.add(name);
        }
        return LoopbackAws.Reply.json(200, LoopbackAws.map("projects", found, "projectsNotFound", missing));
    }

    private LoopbackAws.Reply startBuild(Map<String, Object> request) {
        Object name = request.get("projectName");
        if (!projectName.equals(name)) {
            return LoopbackAws.Reply.jsonError("ResourceNotFoundException", "Project cannot be found: arn:aws:codebuild:"
                    + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":project/" + name);
        }
        if (refuseBuilds) {
            return LoopbackAws.Reply.jsonError("AccountLimitExceededException", "Cannot have more than 0 builds in queue for the account");
        }
        String location = String.valueOf(request.get("sourceLocationOverride"));
        if (!"S3".equals(request.get("sourceTypeOverride")) || location.indexOf('/') < 1) {
            return LoopbackAws.Reply.jsonError("InvalidInputException", "Invalid source location: " + location);
        }
        int timeout = request.get("timeoutInMinutesOverride") instanceof Number n ? n.intValue() : 60;
        if (timeout < 5 || timeout > 2160) {
            return LoopbackAws.Reply.jsonError("InvalidInputException", "Invalid timeout: " + timeout
                    + ": timeout must be between 5 and 2160 minutes");
        }
        String uuid = java.util.UUID.randomUUID().toString();
        String id = projectName + ":" + uuid;
        Instant now = Instant.now();
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object variable : list(request, "environmentVariablesOverride")) {
            Map<?, ?> entry = (Map<?, ?>) variable;
            variables.put(String.valueOf(entry.get("name")), String.valueOf(entry.get("value")));
        }
        Map<String, Object> build = LoopbackAws.map("id", id,
                "arn", "arn:aws:codebuild:" + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":build/" + id,
                "buildNumber", builds.size() + 1, "startTime", LoopbackAws.seconds(now), "currentPhase", "SUBMITTED",
                "buildStatus", "IN_PROGRESS", "projectName", projectName, "phases", new ArrayList<Map<String, Object>>(),
                "source", LoopbackAws.map("type", "S3", "location", location, "buildspec", request.get("buildspecOverride"),
                        "insecureSsl", false),
                "artifacts", LoopbackAws.map("location", ""),
                "environment", environment(list(request, "environmentVariablesOverride")),
                "serviceRole", project().get("serviceRole"),
                "logs", LoopbackAws.map("groupName", logGroup, "streamName", uuid,
                        "deepLink", "https://console.aws.amazon.com/cloudwatch/home?region=" + LoopbackAws.REGION
                                + "#logEvent:group=" + logGroup + ";stream=" + uuid,
                        "cloudWatchLogsArn", "arn:aws:logs:" + LoopbackAws.REGION + ":" + LoopbackAws.ACCOUNT + ":log-group:"
                                + logGroup + ":log-stream:" + uuid,
                        "cloudWatchLogs", LoopbackAws.map("status", "ENABLED", "groupName", logGroup)),
                "timeoutInMinutes", timeout, "queuedTimeoutInMinutes", 480, "buildComplete", false, "initiator", "labs",
                "encryptionKey", project().get("encryptionKey"));
        Run run = new Run(build, uuid, location, String.valueOf(request.get("buildspecOverride")), variables, now);
        run.begin("SUBMITTED", now);
        builds.put(id, run);
        return LoopbackAws.Reply.json(200, LoopbackAws.map("build", build));
    }

    private LoopbackAws.Reply batchGetBuilds(Map<String, Object> request) {
        List<Object> found = new ArrayList<>();
        List<Object> missing = new ArrayList<>();
        Instant now = Instant.now();
        for (Object id : list(request, "ids")) {
            Run run = builds.get(String.valueOf(id));
            if (run == null) {
                missing.add(id);
                continue;
            }
            run.catchUp(now);
            found.add(run.build);
        }
        return LoopbackAws.Reply.json(200, LoopbackAws.map("builds", found, "buildsNotFound", missing));
    }

    private LoopbackAws.Reply stopBuild(Map<String, Object> request) {
        Run run = builds.get(String.valueOf(request.get("id")));
        if (run == null) return LoopbackAws.Reply.jsonError("ResourceNotFoundException", "Build " + request.get("id") + " not found");
        run.catchUp(Instant.now());
        run.stopRequested = true;
        return LoopbackAws.Reply.json(200, LoopbackAws.map("build", run.build));
    }

    private static List<?> list(Map<String, Object> request, String key) {
        return request.get(key) instanceof List<?> values ? values : List.of();
    }

    /** One build and what it has done so far. */
    private final class Run {
        final Map<String, Object> build;
        final String stream;
        final String location;
        final String buildspec;
        final Map<String, String> variables;
        Instant phaseStarted;
        boolean stopRequested;
        /** FAILED or STOPPED once a phase went wrong; the build goes on to its end phases. */
        String outcome = "SUCCEEDED";
        byte[] source;

        Run(Map<String, Object> build, String stream, String location, String buildspec, Map<String, String> variables, Instant start) {
            this.build = build;
            this.stream = stream;
            this.location = location;
            this.buildspec = buildspec;
            this.variables = variables;
            this.phaseStarted = start;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> phases() {
            return (List<Map<String, Object>>) build.get("phases");
        }

        String current() {
            return String.valueOf(build.get("currentPhase"));
        }

        void begin(String phase, Instant at) {
            build.put("currentPhase", phase);
            Map<String, Object> entry = LoopbackAws.map("phaseType", phase, "startTime", LoopbackAws.seconds(at));
            if (!phase.equals("COMPLETED")) entry.put("phaseStatus", "IN_PROGRESS");
            phases().add(entry);
            phaseStarted = at;
            if (PHASES.indexOf(phase) >= PHASES.indexOf("PROVISIONING") && !phase.equals("COMPLETED")) {
                log(at, "[Container] " + LOG_TIME.format(at) + " Entering phase " + phase);
            }
        }

        /** Ends every phase whose time is up, each doing its work, and begins the next. */
        void catchUp(Instant now) {
            while (!current().equals("COMPLETED")) {
                Instant end = phaseStarted.plus(phaseTime);
                if (stopRequested && outcome.equals("SUCCEEDED") && PHASES.indexOf(current()) < PHASES.indexOf("FINALIZING")) {
                    outcome = "STOPPED";
                    finish(now, "STOPPED", null, null);
                    begin("FINALIZING", now);
                    continue;
                }
                if (end.isAfter(now)) return;
                String phase = current();
                Optional<String[]> failure = work(phase, end);
                if (failure.isPresent()) {
                    outcome = "FAILED";
                    finish(end, "FAILED", failure.get()[0], failure.get()[1]);
                    begin(phase.equals("BUILD") ? "POST_BUILD" : "FINALIZING", end);
                    continue;
                }
                finish(end, "SUCCEEDED", "", "");
                String next = PHASES.get(PHASES.indexOf(phase) + 1);
                begin(next, end);
                if (next.equals("COMPLETED")) {
                    build.put("buildStatus", outcome);
                    build.put("endTime", LoopbackAws.seconds(end));
                    build.put("buildComplete", true);
                }
            }
        }

        private void finish(Instant at, String status, String code, String message) {
            Map<String, Object> phase = phases().get(phases().size() - 1);
            phase.put("phaseStatus", status);
            phase.put("endTime", LoopbackAws.seconds(at));
            phase.put("durationInSeconds", Duration.between(phaseStarted, at).toSeconds());
            if (code != null) phase.put("contexts", List.of(LoopbackAws.map("statusCode", code, "message", message)));
            if (PHASES.indexOf(phase.get("phaseType")) >= PHASES.indexOf("PROVISIONING")) {
                log(at, "[Container] " + LOG_TIME.format(at) + " Phase complete: " + phase.get("phaseType") + " State: " + status);
            }
        }

        /** What the phase does; a failure as {statusCode, message}. */
        private Optional<String[]> work(String phase, Instant at) {
            return switch (phase) {
                case "PROVISIONING" -> {
                    log(at, "[Container] " + LOG_TIME.format(at) + " Running on CodeBuild On-demand");
                    yield Optional.empty();
                }
                case "DOWNLOAD_SOURCE" -> downloadSource(at);
                case "PRE_BUILD" -> {
                    commands("pre_build", at);
                    log(at, "Login Succeeded");
                    yield Optional.empty();
                }
                case "BUILD" -> {
                    commands("build", at);
                    yield buildImage(at);
                }
                default -> Optional.empty();
            };
        }

        private Optional<String[]> downloadSource(Instant at) {
            int slash = location.indexOf('/');
            source = s3.object(location.substring(0, slash), location.substring(slash + 1)).orElse(null);
            if (source == null) {
                String message = "NoSuchKey: The specified key does not exist. for primary source and source version";
                log(at, "[Container] " + LOG_TIME.format(at) + " CLIENT_ERROR: " + message);
                return Optional.of(new String[] {"CLIENT_ERROR", message});
            }
            log(at, "[Container] " + LOG_TIME.format(at) + " Expanding " + location.substring(location.lastIndexOf('/') + 1));
            return Optional.empty();
        }

        /** The buildspec's commands of a phase, as CodeBuild logs them before running each. */
        private void commands(String phase, Instant at) {
            boolean inPhase = false;
            for (String line : buildspec.split("\n")) {
                if (line.matches("  [a-z_]+:")) inPhase = line.trim().equals(phase + ":");
                else if (inPhase && line.startsWith("      - ")) {
                    log(at, "[Container] " + LOG_TIME.format(at) + " Running command " + line.substring("      - ".length()));
                }
            }
        }

        /** The Dockerfile's instructions as BuildKit's plain progress, then the push. */
        private Optional<String[]> buildImage(Instant at) {
            String dockerfile = variables.getOrDefault("LABS_DOCKERFILE", "Dockerfile");
            String text = entry(dockerfile);
            if (text == null) {
                log(at, "ERROR: failed to solve: failed to read dockerfile: open " + dockerfile + ": no such file or directory");
                return Optional.of(commandFailed());
            }
            log(at, "#1 [internal] load build definition from " + dockerfile);
            // BuildKit numbers the instructions that make a layer or a stage; ARG, ENV, CMD and the like are metadata
            List<String> instructions = text.lines().map(String::strip)
                    .filter(l -> l.matches("(?i)(FROM|RUN|COPY|ADD|WORKDIR)\\s.*")).toList();
            int step = 2;
            for (int i = 0; i < instructions.size(); i++) {
                String instruction = instructions.get(i);
                log(at, "#" + step + " [" + (i + 1) + "/" + instructions.size() + "] " + instruction);
                String[] words = instruction.split("\\s+", 2);
                if (words[0].equalsIgnoreCase("RUN") && words.length > 1 && words[1].matches("false|exit [1-9][0-9]*")) {
                    String code = words[1].equals("false") ? "1" : words[1].substring("exit ".length());
                    String error = "process \"/bin/sh -c " + words[1] + "\" did not complete successfully: exit code: " + code;
                    log(at, "#" + step + " ERROR: " + error);
                    log(at, "ERROR: failed to solve: " + error);
                    return Optional.of(commandFailed());
                }
                log(at, "#" + step + " DONE 0.1s");
                step++;
            }
            List<String> tags = List.of(variables.getOrDefault("LABS_TAGS", "latest").split(" "));
            String repository = variables.getOrDefault("LABS_REPOSITORY", ecr.repositoryUri());
            ecr.push(HexFormat.of().formatHex(LoopbackS3.digest("SHA-256", source)) + " " + variables.get("LABS_TARGET")
                    + " " + variables.get("LABS_PLATFORM"), tags);
            String digest = ecr.digestOf(tags.get(0));
            log(at, "#" + step + " exporting to image");
            for (String tag : tags) log(at, "#" + step + " pushing manifest for " + repository + ":" + tag + "@" + digest + " done");
            log(at, "#" + step + " DONE 0.4s");
            return Optional.empty();
        }

        private String[] commandFailed() {
            return new String[] {"COMMAND_EXECUTION_ERROR", "Error while executing command: docker buildx build --file \""
                    + "$LABS_DOCKERFILE\" $TARGET --platform \"$LABS_PLATFORM\" ... --push .. Reason: exit status 1"};
        }

        /** A file of the uploaded context, or null. */
        private String entry(String name) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(source))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().equals(name)) return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void log(Instant at, String line) {
            logs.put(logGroup, stream, at, line + "\n");
        }
    }
}
