import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker builder: the app's Dockerfile built by the local daemon with BuildKit. With buildx and
 * ECR as the destination it builds through a docker-container builder named labs, since the
 * default docker driver cannot export a registry cache, and caches in the app's ECR repository under
 * the tag buildcache (ECR takes the cache manifest as an OCI image manifest only). Without buildx it
 * runs docker build and docker push. The ECR log-in uses the SDK's token, as jib's does.
 */
final class DockerBuild {
    static final String BUILDER = "labs";
    static final int TAIL_LINES = 40;
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    /** What one build needs; target may be null (the last stage). */
    record Inputs(Path context, String dockerfile, String target, String platform, String release, List<String> images,
            boolean registryCache, String cacheRef, Path tarball, Path metadataFile) {
    }

    private final Console console;
    private final DockerCli docker;

    DockerBuild(Console console, DockerCli docker) {
        this.console = console;
        this.docker = docker;
    }

    /** docker buildx build: --push to a registry, or a docker-load tarball with --output type=docker. */
    static List<String> buildxCommand(Inputs inputs) {
        List<String> words = new ArrayList<>(List.of("buildx", "build"));
        if (inputs.registryCache()) words.addAll(List.of("--builder", BUILDER));
        words.addAll(common(inputs));
        words.add("--provenance=false");
        words.addAll(List.of("--metadata-file", inputs.metadataFile().toString()));
        if (inputs.registryCache()) {
            words.addAll(List.of("--cache-from", "type=registry,ref=" + inputs.cacheRef(),
                    "--cache-to", "type=registry,ref=" + inputs.cacheRef() + ",mode=max,image-manifest=true,oci-mediatypes=true"));
        }
        inputs.images().forEach(image -> words.addAll(List.of("--tag", image)));
        if (inputs.tarball() != null) words.addAll(List.of("--output", "type=docker,dest=" + inputs.tarball()));
        else words.add("--push");
        words.add(inputs.context().toString());
        return words;
    }

    /** docker build, for a CLI without buildx (then push or save separately). */
    static List<String> plainBuildCommand(Inputs inputs) {
        List<String> words = new ArrayList<>(List.of("build"));
        words.addAll(common(inputs));
        inputs.images().forEach(image -> words.addAll(List.of("--tag", image)));
        words.add(inputs.context().toString());
        return words;
    }

    private static List<String> common(Inputs inputs) {
        List<String> words = new ArrayList<>(List.of("--file", inputs.context().resolve(inputs.dockerfile()).toString()));
        if (inputs.target() != null) words.addAll(List.of("--target", inputs.target()));
        words.addAll(List.of("--platform", inputs.platform(), "--build-arg", "APP_RELEASE=" + inputs.release(), "--progress", "plain"));
        return words;
    }

    /** Builds and pushes (or saves) the image; returns the pushed digest, or null for a tarball. */
    String run(Inputs inputs, Ecr.Login login, Duration timeout) {
        if (login != null) login(login);
        boolean buildx = docker.succeeds("buildx", "version");
        if (!buildx) console.warn("docker buildx is not installed: building without a registry cache (docker build, then docker push)");
        if (buildx && inputs.registryCache() && !docker.succeeds("buildx", "inspect", BUILDER)) {
            console.info("Creating the buildx builder " + BUILDER + " (docker-container driver, needed for the registry cache)");
            step("docker buildx create", List.of("buildx", "create", "--name", BUILDER, "--driver", "docker-container"), timeout);
        }
        if (buildx) {
            step("docker buildx build", buildxCommand(inputs), timeout);
            return inputs.tarball() == null ? digestFromMetadata(inputs.metadataFile()) : null;
        }
        step("docker build", plainBuildCommand(inputs), timeout);
        if (inputs.tarball() != null) {
            List<String> save = new ArrayList<>(List.of("save", "--output", inputs.tarball().toString()));
            save.addAll(inputs.images());
            step("docker save", save, timeout);
            return null;
        }
        String digest = null;
        for (String image : inputs.images()) digest = push(image, timeout);
        return digest;
    }

    private void login(Ecr.Login login) {
        List<String> output = new ArrayList<>();
        int exit = docker.run(List.of("login", "--username", login.username(), "--password-stdin", login.registry()),
                login.password(), output::add, Duration.ofMinutes(1));
        if (exit != 0) {
            throw LabsException.failed("docker login to " + login.registry() + " failed: " + String.join(" ", output).strip());
        }
    }

    private String push(String image, Duration timeout) {
        List<String> output = new ArrayList<>();
        step("docker push", List.of("push", image), timeout, output);
        String digest = null;
        for (String line : output) {
            Matcher matcher = PUSHED_DIGEST.matcher(line);
            if (matcher.find()) digest = matcher.group(1);
        }
        if (digest == null) throw LabsException.failed("docker push " + image + " printed no digest");
        return digest;
    }

    private void step(String what, List<String> args, Duration timeout) {
        step(what, args, timeout, new ArrayList<>());
    }

    /** Runs a docker command with its output shown; a failure quotes its last lines and, for a Docker Hub 429, a hint. */
    private void step(String what, List<String> args, Duration timeout, List<String> output) {
        Deque<String> tail = new ArrayDeque<>();
        AtomicBoolean rateLimited = new AtomicBoolean();
        int exit = docker.run(args, null, line -> {
            console.detail("  | " + line);
            output.add(line);
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) tail.removeFirst();
            if (RemoteBuild.RATE_LIMITED.matcher(line).find()) rateLimited.set(true);
        }, timeout);
        if (exit == 0) return;
        console.info("Last " + tail.size() + " lines of " + what + ":");
        tail.forEach(line -> console.info("  | " + line));
        if (rateLimited.get()) {
            console.warn("Docker Hub refused an anonymous pull (429 toomanyrequests): `docker login` with a Docker Hub account"
                    + " lifts the limit (docs/image-build.md)");
        }
        throw LabsException.failed(what + " failed with exit code " + exit);
    }

    /** buildx writes the pushed image's digest into the metadata file as containerimage.digest. */
    private static String digestFromMetadata(Path file) {
        try {
            String digest = new ObjectMapper().readTree(Files.readString(file)).path("containerimage.digest").asText(null);
            if (digest == null) throw LabsException.failed("docker buildx build wrote no digest into " + file);
            return digest;
        } catch (IOException e) {
            throw LabsException.failed("Cannot read the digest docker buildx build wrote: " + e.getMessage());
        }
    }
}
