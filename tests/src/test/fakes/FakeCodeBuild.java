import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsRequest;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.BatchGetProjectsRequest;
import software.amazon.awssdk.services.codebuild.model.BatchGetProjectsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.codebuild.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codebuild.model.StartBuildRequest;
import software.amazon.awssdk.services.codebuild.model.StartBuildResponse;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.codebuild.model.StopBuildRequest;
import software.amazon.awssdk.services.codebuild.model.StopBuildResponse;

/**
 * In-memory CodeBuild whose builds move through their phases, one phase per step of the clock
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BuildPhase.html): SUBMITTED,
 * QUEUED, PROVISIONING, DOWNLOAD_SOURCE, INSTALL, PRE_BUILD, BUILD, POST_BUILD, UPLOAD_ARTIFACTS,
 * FINALIZING, COMPLETED. A build ends SUCCEEDED (and its image is in ECR), FAILED with the failed
 * phase's status and context (a missing source object fails DOWNLOAD_SOURCE with CLIENT_ERROR), or
 * STOPPED after StopBuild. Its log goes to the project's CloudWatch group, one stream per build
 * named after the build's UUID, created with the first line. BatchGetBuilds and BatchGetProjects
 * list unknown names under buildsNotFound/projectsNotFound
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetBuilds.html); StartBuild
 * and StopBuild throw ResourceNotFoundException.
 */
class FakeCodeBuild implements CodeBuildClient {
    static final List<BuildPhaseType> PHASES = List.of(BuildPhaseType.SUBMITTED, BuildPhaseType.QUEUED,
            BuildPhaseType.PROVISIONING, BuildPhaseType.DOWNLOAD_SOURCE, BuildPhaseType.INSTALL, BuildPhaseType.PRE_BUILD,
            BuildPhaseType.BUILD, BuildPhaseType.POST_BUILD, BuildPhaseType.UPLOAD_ARTIFACTS, BuildPhaseType.FINALIZING,
            BuildPhaseType.COMPLETED);

    Supplier<Instant> clock = () -> Instant.parse("2026-11-26T10:00:00Z");
    FakeLogs logs;
    FakeS3 s3;
    FakeEcr ecr;
    final Map<String, Project> projects = new LinkedHashMap<>();
    final Map<String, Build> builds = new LinkedHashMap<>();
    final List<StartBuildRequest> started = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    private final Map<String, Boolean> stopRequested = new LinkedHashMap<>();

    /** What the next builds do: fail in this phase (null: succeed), never leave BUILD, and the lines BUILD logs. */
    BuildPhaseType failIn;
    boolean hangInBuild;
    List<String> buildOutput = List.of("#1 [internal] load build definition from Dockerfile", "#12 exporting to image",
            "#12 pushing layers done");
    /** How long each phase takes on the build's own clock, so that the billed minutes add up. */
    Duration phaseDuration = Duration.ofSeconds(20);

    FakeCodeBuild project(String name, String logGroup, EnvironmentType type) {
        projects.put(name, Project.builder().name(name).arn("arn:aws:codebuild:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT
                + ":project/" + name)
                .environment(e -> e.type(type).computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true)
                        .image(type == EnvironmentType.ARM_CONTAINER ? "aws/codebuild/amazonlinux2-aarch64-standard:3.0"
                                : "aws/codebuild/amazonlinux2-x86_64-standard:5.0"))
                .logsConfig(l -> l.cloudWatchLogs(c -> c.status("ENABLED").groupName(logGroup)))
                .build());
        return this;
    }

    Faults faults = new Faults();

    /** CreateProject refuses an existing name (ResourceAlreadyExistsException). */
    @Override
    public software.amazon.awssdk.services.codebuild.model.CreateProjectResponse createProject(
            software.amazon.awssdk.services.codebuild.model.CreateProjectRequest request) {
        return faults.call("codebuild:CreateProject", () -> {
            if (projects.containsKey(request.name())) {
                throw software.amazon.awssdk.services.codebuild.model.ResourceAlreadyExistsException.builder().statusCode(400)
                        .message("Project already exists: " + request.name()).build();
            }
            Project project = Project.builder().name(request.name()).arn("arn:aws:codebuild:" + FakeEcs.REGION + ":"
                    + FakeEcs.ACCOUNT + ":project/" + request.name()).environment(request.environment()).source(request.source())
                    .serviceRole(request.serviceRole()).logsConfig(request.logsConfig()).timeoutInMinutes(request.timeoutInMinutes())
                    .tags(request.tags()).build();
            projects.put(request.name(), project);
            return software.amazon.awssdk.services.codebuild.model.CreateProjectResponse.builder().project(project).build();
        });
    }

    /** DeleteProject of an unknown name succeeds quietly (the API reference lists no not-found error for it). */
    @Override
    public software.amazon.awssdk.services.codebuild.model.DeleteProjectResponse deleteProject(
            software.amazon.awssdk.services.codebuild.model.DeleteProjectRequest request) {
        return faults.call("codebuild:DeleteProject", () -> {
            projects.remove(request.name());
            return software.amazon.awssdk.services.codebuild.model.DeleteProjectResponse.builder().build();
        });
    }

    @Override
    public BatchGetProjectsResponse batchGetProjects(BatchGetProjectsRequest request) {
        calls.add("BatchGetProjects");
        return BatchGetProjectsResponse.builder().projects(request.names().stream().filter(projects::containsKey).map(projects::get).toList())
                .projectsNotFound(request.names().stream().filter(n -> !projects.containsKey(n)).toList()).build();
    }

    @Override
    public StartBuildResponse startBuild(StartBuildRequest request) {
        calls.add("StartBuild");
        Project project = projects.get(request.projectName());
        if (project == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("Project cannot be found: arn:aws:codebuild:"
                    + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":project/" + request.projectName()).build();
        }
        started.add(request);
        String uuid = String.format("00000000-0000-4000-8000-%012d", builds.size() + 1);
        String id = project.name() + ":" + uuid;
        String group = project.logsConfig().cloudWatchLogs().groupName();
        Build build = Build.builder().id(id).arn("arn:aws:codebuild:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":build/" + id)
                .buildNumber((long) builds.size() + 1).projectName(project.name()).startTime(clock.get())
                .buildStatus(StatusType.IN_PROGRESS).currentPhase(BuildPhaseType.SUBMITTED.toString())
                .phases(BuildPhase.builder().phaseType(BuildPhaseType.SUBMITTED).phaseStatus(StatusType.IN_PROGRESS)
                        .startTime(clock.get()).build())
                .environment(project.environment())
                .logs(l -> l.groupName(group).streamName(uuid).deepLink("https://console.aws.amazon.com/cloudwatch/home?region="
                        + FakeEcs.REGION + "#logEvent:group=" + group + ";stream=" + uuid))
                .build();
        builds.put(id, build);
        stopRequested.put(id, false);
        return StartBuildResponse.builder().build(build).build();
    }

    @Override
    public BatchGetBuildsResponse batchGetBuilds(BatchGetBuildsRequest request) {
        calls.add("BatchGetBuilds");
        return BatchGetBuildsResponse.builder().builds(request.ids().stream().filter(builds::containsKey).map(builds::get).toList())
                .buildsNotFound(request.ids().stream().filter(id -> !builds.containsKey(id)).toList()).build();
    }

    @Override
    public StopBuildResponse stopBuild(StopBuildRequest request) {
        calls.add("StopBuild");
        Build build = builds.get(request.id());
        if (build == null) throw ResourceNotFoundException.builder().statusCode(400).message("Build " + request.id() + " not found").build();
        stopRequested.put(request.id(), true);
        return StopBuildResponse.builder().build(build).build();
    }

    /** One step of every running build: its current phase ends and the next begins. */
    void step() {
        for (String id : List.copyOf(builds.keySet())) {
            Build build = builds.get(id);
            if (build.buildStatus() != StatusType.IN_PROGRESS) continue;
            BuildPhaseType current = BuildPhaseType.fromValue(build.currentPhase());
            if (stopRequested.get(id)) {
                finish(id, current, StatusType.STOPPED, null);
            } else if (current == BuildPhaseType.BUILD && hangInBuild) {
                log(build, "#7 [build-python 4/4] RUN uv sync --frozen --no-dev --no-install-project --group production");
            } else if (current == BuildPhaseType.DOWNLOAD_SOURCE && !sourceExists(id)) {
                log(build, "[Container] CLIENT_ERROR: no matching artifact paths found");
                finish(id, current, StatusType.FAILED, PhaseContext.builder().statusCode("CLIENT_ERROR")
                        .message("NoSuchKey: The specified key does not exist. for primary source and source version").build());
            } else if (current == failIn) {
                buildOutput.forEach(line -> log(build, line));
                finish(id, current, StatusType.FAILED, PhaseContext.builder().statusCode("COMMAND_EXECUTION_ERROR")
                        .message("Error while executing command: docker buildx build ... Reason: exit status 1").build());
            } else {
                advance(id, current);
            }
        }
    }

    private boolean sourceExists(String id) {
        String location = startRequestOf(id).sourceLocationOverride();
        int slash = location.indexOf('/');
        return s3 != null && s3.has(location.substring(0, slash), location.substring(slash + 1));
    }

    private StartBuildRequest startRequestOf(String id) {
        return started.get(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) - 1);
    }

    private void advance(String id, BuildPhaseType current) {
        Build build = builds.get(id);
        BuildPhaseType next = PHASES.get(PHASES.indexOf(current) + 1);
        if (current == BuildPhaseType.BUILD) {
            buildOutput.forEach(line -> log(build, line));
            pushImage(id);
        }
        List<BuildPhase> phases = new ArrayList<>(endPhase(build, current, StatusType.SUCCEEDED, null));
        Build.Builder updated = build.toBuilder().currentPhase(next.toString());
        if (next == BuildPhaseType.COMPLETED) {
            updated.buildStatus(StatusType.SUCCEEDED).endTime(phaseEnd(build)).buildComplete(true);
            phases.add(BuildPhase.builder().phaseType(next).startTime(phaseEnd(build)).build());
        } else {
            phases.add(BuildPhase.builder().phaseType(next).phaseStatus(StatusType.IN_PROGRESS).startTime(phaseEnd(build)).build());
            if (PHASES.indexOf(next) >= PHASES.indexOf(BuildPhaseType.PROVISIONING)) {
                log(updated.build(), "[Container] Entering phase " + next);
            }
        }
        builds.put(id, updated.phases(phases).build());
    }

    /** A failed or stopped phase ends the build: CodeBuild then finalizes and completes it. */
    private void finish(String id, BuildPhaseType current, StatusType status, PhaseContext context) {
        Build build = builds.get(id);
        List<BuildPhase> phases = new ArrayList<>(endPhase(build, current, status, context));
        phases.add(BuildPhase.builder().phaseType(BuildPhaseType.COMPLETED).startTime(phaseEnd(build)).build());
        builds.put(id, build.toBuilder().currentPhase(BuildPhaseType.COMPLETED.toString()).buildStatus(status)
                .endTime(phaseEnd(build)).buildComplete(true).phases(phases).build());
    }

    private List<BuildPhase> endPhase(Build build, BuildPhaseType current, StatusType status, PhaseContext context) {
        List<BuildPhase> phases = new ArrayList<>(build.phases());
        BuildPhase last = phases.remove(phases.size() - 1);
        BuildPhase.Builder ended = last.toBuilder().phaseStatus(status).endTime(phaseEnd(build))
                .durationInSeconds(phaseDuration.toSeconds());
        if (context != null) ended.contexts(context);
        phases.add(ended.build());
        return phases;
    }

    /** The build's own time: each phase takes phaseDuration, whatever the test's clock says. */
    private Instant phaseEnd(Build build) {
        return build.startTime().plus(phaseDuration.multipliedBy(build.phases().size()));
    }

    private void pushImage(String id) {
        if (ecr == null) return;
        Map<String, String> variables = new LinkedHashMap<>();
        for (EnvironmentVariable variable : startRequestOf(id).environmentVariablesOverride()) {
            variables.put(variable.name(), variable.value());
        }
        String repository = variables.get("LABS_REPOSITORY");
        String name = repository.substring(repository.indexOf('/') + 1);
        String digest = "sha256:" + String.format("%064x", id.hashCode() & 0xffffffffL);
        for (String tag : variables.get("LABS_TAGS").split(" ")) ecr.pushed(name, tag, digest);
    }

    private void log(Build build, String line) {
        if (logs != null) logs.put(build.logs().groupName(), build.logs().streamName(), clock.get(), line + "\n");
    }

    @Override
    public String serviceName() {
        return "codebuild";
    }

    @Override
    public void close() {
    }
}
