///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/sleep/sleep.java
//SOURCES lib/network/network.java
//SOURCES lib/image/image.java

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

@Command(name = "deploy", sortOptions = false,
        description = {"Build the app's image, push it to the stack's ECR repository tagged with",
                "the commit, then move the web and worker services to it and wait until",
                "they run it, or say why not. --image deploys an image that exists already.",
                "",
                "Builders (--builder, labs.image.builder; docs/image-build.md): the app's",
                "Dockerfile on the local Docker daemon (docker) or, with no daemon, on AWS",
                "CodeBuild (codebuild); an app without a Dockerfile with jib (no daemon).",
                "",
                "Registers a new task-definition revision per service (a copy of the live",
                "one with only the app container's image changed), updates the services",
                "and waits: success is the new revision running with its rollout",
                "COMPLETED. When its tasks keep crashing, deploy rolls back to the previous",
                "revision itself and exits 1 with the stopped reason, exit codes and last",
                "log lines. Prints the URL at the end.",
                "",
                "jib's layers, least often changed first: Python dependencies, entry",
                "scripts (docker/), build output, application source (.dockerignore",
                "honoured); a code-only change uploads only the application source layer.",
                "",
                "Replaces the runbook's docker build, docker login, docker push, aws ecs",
                "register-task-definition, aws ecs update-service and aws ecs wait",
                "services-stable."},
        footer = {"", "Image settings (labs.properties or LABS_IMAGE_*; all in docs/configuration.md):",
                "  labs.image.builder       auto (default), docker, codebuild or jib",
                "  labs.image.dockerfile, labs.image.target   the Dockerfile and its stage",
                "  labs.image.dockerhub-secret   Docker Hub credentials for CodeBuild's pulls",
                "  labs.image.base          jib: base image with Python and the OS packages",
                "                           (default python:3.11-slim-bookworm)",
                "  labs.image.requirements  requirement files (default: requirements/base.txt +",
                "                           production.txt, requirements.txt, else uv.lock)",
                "  labs.image.build-command, labs.image.build-output   e.g. npm ci && npm run build",
                "  labs.image.env.NAME      environment of the image",
                "  labs.image.registry      push elsewhere than ECR, e.g. 127.0.0.1:5000",
                "", "Examples:", "  jbang deploy@labs", "  jbang deploy@labs --migrate", "  jbang deploy@labs --build-only", "  jbang deploy@labs --builder codebuild",
                "  jbang deploy@labs --to tar:app.tar", "  jbang deploy@labs --image abc1234",
                "  jbang deploy@labs --image \"$REPOSITORY_URI:abc1234\" --services web",
                "  jbang deploy@labs --image abc1234 --dry-run", "  jbang deploy@labs --wake"})
class Deploy implements Callable<Integer> {
    /** How long the smoke check waits for the web's first answer. */
    static final Duration SMOKE_PATIENCE = Duration.ofSeconds(30);

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Deploy this image instead of building one: a tag of the stack's ECR repository (checked to exist) or a full image URI.")
    String image;

    @Option(names = "--build-only", description = "Build and push the image, do not roll it out.")
    boolean buildOnly;

    @Option(names = "--to", paramLabel = "tar:PATH",
            description = "Write the image to a tarball (docker load can read it) instead of pushing and rolling out; needs no AWS access.")
    String to;

    @Option(names = "--from-docker", paramLabel = "IMAGE",
            description = "Push this image of the local Docker daemon instead of building one (for bases that need OS packages).")
    String fromDocker;

    @Option(names = "--builder", paramLabel = "BUILDER",
            description = "How to build the image: auto (default: the Dockerfile on the local Docker daemon, else on AWS CodeBuild;"
                    + " jib when the app has no Dockerfile), jib, docker or codebuild (labs.image.builder).")
    String builder;

    @Option(names = "--dir", paramLabel = "DIR", description = "The application checkout (default: the working directory).")
    Path dir;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Environment variable of the image (repeatable; overrides labs.image.env.NAME; empty VALUE removes it).")
    List<String> environment = new ArrayList<>();

    @Option(names = "--migrate", description = "Run the migration (labs.migrate.command) with the new image first; a failed migration stops the deploy.")
    boolean migrate;

    @Option(names = "--services", split = ",", paramLabel = "SERVICE", defaultValue = "web,worker",
            description = "Services to deploy (default: ${DEFAULT-VALUE}).")
    List<AppService> services;

    @Option(names = "--dry-run", description = "Print each service's task-definition change and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Deploy even while another deployment of these services is in progress.")
    boolean force;

    @Option(names = "--wake", description = "Wake a sleeping environment first (see wake); without it, deploy refuses one.")
    boolean wake;

    @Option(names = "--no-smoke-check",
            description = "Do not GET the web's labs.web.health-path from here once the rollout is complete.")
    boolean noSmokeCheck;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait for the services (and the migration) (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Deploy(), args);
    }

    @Override
    public Integer call() {
        if (image != null && (buildOnly || to != null || fromDocker != null || dir != null || !environment.isEmpty() || builder != null)) {
            throw LabsException.usage("--image deploys an image that exists already: it does not go with --build-only, --to,"
                    + " --from-docker, --builder, --dir or --env, which build one");
        }
        labs.option(Setting.IMAGE_BUILDER, builder);
        // An unknown ${placeholder} in the app's labs.properties fails now, not after minutes of building.
        labs.config().appEnvironment();
        Duration patience = Durations.parse(timeout, "--timeout");
        if (buildOnly || to != null) {
            printImage(buildImage(patience));
            return 0;
        }
        Ecs ecs = new Ecs(labs);
        Rollout rollout = new Rollout(labs, ecs);
        new Hibernation(labs, ecs, rollout).requireAwake("deploy", wake, dryRun, patience);
        Map<AppService, Service> targets = rollout.services(services);
        if (!force) Rollout.refuseIfInProgress(List.copyOf(targets.values()));
        if (dryRun) {
            printPlan(rollout, targets, image != null ? new Ecr(labs).resolve(image)
                    : "the image built from this checkout (not built in a dry run)");
            return 0;
        }
        Instant started = labs.ticker().now();
        String imageUri = image != null ? new Ecr(labs).resolve(image) : buildImage(patience).reference();
        // --timeout covers the build and the rollout together
        Duration building = Duration.between(started, labs.ticker().now());
        patience = building.compareTo(patience) < 0 ? patience.minus(building) : Duration.ZERO;
        requirePlatform(imageUri);
        Map<AppService, Revision> revisions = registerRevisions(rollout, targets, imageUri);
        if (migrate) migrate(ecs, rollout, revisions, imageUri, patience);
        List<Target> rollouts = new ArrayList<>();
        revisions.forEach((name, revision) -> rollouts.add(rollout.moveTo(name, targets.get(name), revision)));
        rollout.await(rollouts, patience);
        PublicIps.Lookup web = new PublicIps(ecs, new Ec2(labs)).lookup(labs.names().service(AppService.WEB));
        WebProbe.Answer answer = revisions.containsKey(AppService.WEB) && !noSmokeCheck
                ? smokeCheck(web, rollout.revisions().appContainer(revisions.get(AppService.WEB).taskDefinition())) : null;
        report(web, revisions, imageUri, answer);
        return 0;
    }

    private ImageBuild.Built buildImage(Duration patience) {
        return ImageStep.run(labs, new ImageStep.Request(dir, to, fromDocker, environment, patience));
    }

    private void printImage(ImageBuild.Built built) {
        if (labs.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("image", built.image());
            result.put("digest", built.digest());
            result.put("tags", built.tags());
            result.put("totalBytes", built.totalBytes());
            result.put("uploadedBytes", built.uploadedBytes());
            result.put("layers", built.layers());
            labs.console().json(result);
        } else {
            labs.console().result(built.reference());
        }
    }

    private void printPlan(Rollout rollout, Map<AppService, Service> targets, String imageUri) {
        targets.forEach((name, service) -> {
            Revision live = rollout.configured(service);
            var container = rollout.revisions().appContainer(live.taskDefinition());
            int desired = rollout.desiredCountAfterDeploy(name, service);
            String platformNow = live.taskDefinition().runtimePlatform() == null ? "unset (X86_64)"
                    : live.taskDefinition().runtimePlatform().cpuArchitectureAsString();
            String platform = rollout.runtimePlatform().cpuArchitectureAsString();
            List<String> changed = AppEnvironment.differences(RevisionEnvironment.read(container).values(),
                    RevisionEnvironment.read(rollout.forDeploy(service, container, imageUri)).values());
            labs.console().result(service.serviceName() + ": " + live.name() + " -> a new revision of "
                    + live.taskDefinition().family() + ", container " + container.name() + " image " + container.image()
                    + " -> " + imageUri + (desired != service.desiredCount()
                            ? ", desired count " + service.desiredCount() + " -> " + desired : "")
                    + (platform.equals(platformNow) ? "" : ", runtime platform " + platformNow + " -> " + platform)
                    + (changed.isEmpty() ? "" : ", environment: " + String.join(", ", changed)));
        });
        if (migrate) {
            labs.console().result("before that: run `" + labs.config().get(Setting.MIGRATE_COMMAND)
                    + "` in a one-off task of the new web revision; stop if it fails");
        }
        labs.console().info("Dry run: nothing registered or changed");
    }

    /**
     * The task definitions ask Fargate for labs.image.platform (runtimePlatform): an image without
     * that platform would start no task, so it is refused before anything changes.
     */
    private void requirePlatform(String imageUri) {
        StackSpec.cpuArchitecture(labs.config());
        String wanted = labs.config().get(Setting.IMAGE_PLATFORM).trim();
        new Ecr(labs).platforms(imageUri).ifPresentOrElse(platforms -> {
            ImagePlatforms.mismatch(imageUri, platforms, wanted).ifPresent(problem -> {
                throw LabsException.usage(problem);
            });
            labs.console().detail("  " + imageUri + " has the platform " + wanted);
        }, () -> labs.console().detail("  the platform of " + imageUri + " is not checked: labs reads it only from this region's ECR"));
    }

    private Map<AppService, Revision> registerRevisions(Rollout rollout, Map<AppService, Service> targets, String imageUri) {
        Map<AppService, Revision> revisions = new LinkedHashMap<>();
        targets.forEach((name, service) -> {
            Revision revision = rollout.registerForDeploy(service, imageUri);
            labs.console().info("Registered " + revision.name() + " (" + imageUri + ")");
            revisions.put(name, revision);
        });
        return revisions;
    }

    /** The migration runs from web's new revision (registered for it alone when web is not deployed). */
    private void migrate(Ecs ecs, Rollout rollout, Map<AppService, Revision> revisions, String imageUri, Duration patience) {
        Service web = ecs.service(AppService.WEB);
        Revision revision = revisions.containsKey(AppService.WEB) ? revisions.get(AppService.WEB)
                : rollout.registerForDeploy(web, imageUri);
        List<String> command = OneOffTask.words(labs.config().get(Setting.MIGRATE_COMMAND));
        OneOffTask task = new OneOffTask(labs, ecs, rollout.revisions(), new CloudWatchLogs(labs));
        int exitCode = task.run(revision, web, command, patience, line -> labs.console().detail("  | " + line));
        if (exitCode != 0) {
            throw LabsException.failed("The migration exited with code " + exitCode
                    + ": deploy stopped before updating any service (they still run their old revisions)");
        }
    }

    /**
     * GETs labs.web.health-path on the web's public IP from here, retrying for up to SMOKE_PATIENCE:
     * a status below 400 passes; otherwise exit 1 with the status, the body's first lines, the web's
     * last log lines and the likely cause.
     */
    private WebProbe.Answer smokeCheck(PublicIps.Lookup web, ContainerDefinition container) {
        if (!web.found()) {
            throw LabsException.failed("Smoke check: " + web.notReadyReason() + " (--no-smoke-check skips the check)");
        }
        PublicIps.TaskAddress address = web.addresses().get(0);
        int port = labs.config().getPort(Setting.WEB_PORT);
        String url = "http://" + address.publicIp() + ":" + port + StackSpec.healthPath(labs.config());
        WebProbe.Answer answer = new WebProbe(labs.ticker()).get(url, SMOKE_PATIENCE);
        labs.console().info("Smoke check: " + answer.summary());
        if (answer.healthy()) return answer;
        answer.bodyStart().forEach(line -> labs.console().info("  body | " + line));
        LogLocation.of(container).ifPresent(location -> {
            List<String> tail = new CloudWatchLogs(labs).tail(location, address.taskId(), 20);
            labs.console().info(tail.isEmpty() ? "  no log lines in " + location.group() + " " + location.stream(address.taskId())
                    : "  last " + tail.size() + " log lines of the web task " + address.taskId() + ":");
            tail.forEach(line -> labs.console().info("    | " + line));
        });
        String hint = WebProbe.hint(answer, port).map(h -> ": " + h).orElse("");
        throw LabsException.failed("Smoke check failed, " + answer.summary() + hint
                + " (the services run the new revisions; --no-smoke-check skips the check)");
    }

    /** The URL on stdout (or JSON), and under GitHub Actions a step summary and the step output url. */
    private void report(PublicIps.Lookup lookup, Map<AppService, Revision> revisions, String imageUri, WebProbe.Answer answer) {
        String url = lookup.firstUrl(labs.config().getPort(Setting.WEB_PORT));
        if (url == null) labs.console().warn("Deployed, but no URL yet: " + lookup.notReadyReason());
        StringBuilder summary = new StringBuilder("### Deployed `" + imageUri + "`\n");
        revisions.values().forEach(revision -> summary.append("- ").append(revision.name()).append('\n'));
        if (url != null) summary.append("- ").append(url).append('\n');
        if (answer != null) summary.append("- smoke check: ").append(answer.summary()).append('\n');
        labs.console().summary(summary.toString());
        if (url != null) labs.console().stepOutput("url", url);
        if (labs.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            revisions.forEach((service, revision) -> result.put(service.id, revision.name()));
            result.put("url", url);
            if (answer != null) {
                Map<String, Object> smokeCheck = new LinkedHashMap<>();
                smokeCheck.put("url", answer.url());
                smokeCheck.put("status", answer.status());
                smokeCheck.put("millis", answer.took().toMillis());
                result.put("smokeCheck", smokeCheck);
            }
            labs.console().json(result);
        } else if (url != null) {
            labs.console().result(url);
        }
    }
}
