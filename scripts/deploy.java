///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//CDS
//SOURCES lib/Labs.java
//SOURCES lib/ImageStep.java

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", sortOptions = false,
        description = {"Build the app's image with jib (no Docker daemon) and push it to the stack's ECR",
                "repository, tagged with the commit's short SHA and latest.",
                "",
                "Replaces the runbook's docker build, aws ecr get-login-password | docker login",
                "and docker push.",
                "",
                "Layers, least often changed first: Python dependencies, entry scripts (docker/),",
                "build output, application source (.dockerignore honoured). A code-only change",
                "uploads only the application source layer."},
        footer = {"", "Settings (labs.properties, or the LABS_IMAGE_* variables; README lists them all):",
                "  labs.image.base          base image with Python and the OS packages",
                "                           (default python:3.11-slim-bookworm)",
                "  labs.image.requirements  requirement files (default: requirements/production.txt,",
                "                           requirements.txt, else uv.lock)",
                "  labs.image.build-command, labs.image.build-output   e.g. npm ci && npm run build",
                "  labs.image.env.NAME      environment of the image",
                "  labs.image.registry      push elsewhere than ECR, e.g. 127.0.0.1:5000",
                "", "Examples:", "  jbang deploy@labs --build-only", "  jbang deploy@labs --to tar:app.tar",
                "  LABS_IMAGE_REGISTRY=127.0.0.1:5000 jbang deploy@labs --build-only",
                "  jbang deploy@labs --build-only --from-docker myapp:latest"})
class Deploy implements Callable<Integer> {
    @Option(names = "--build-only", description = "Build and push the image, do not roll it out.")
    boolean buildOnly;

    @Option(names = "--to", paramLabel = "tar:PATH",
            description = "Write the image to a tarball (docker load can read it) instead of pushing it; needs no AWS access.")
    String to;

    @Option(names = "--from-docker", paramLabel = "IMAGE",
            description = "Push this image of the local Docker daemon instead of building one (for bases that need OS packages).")
    String fromDocker;

    @Option(names = "--dir", paramLabel = "DIR", description = "The application checkout (default: the working directory).")
    Path dir;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Environment variable of the image (repeatable; overrides labs.image.env.NAME; empty VALUE removes it).")
    List<String> environment = new ArrayList<>();

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Deploy(), args);
    }

    @Override
    public Integer call() {
        if (!buildOnly && to == null) {
            throw LabsException.usage("Rolling the image out needs the rollout engine (deploy --image), which is not part of"
                    + " this build yet: use --build-only to build and push, or --to tar:PATH");
        }
        ImageBuild.Built built = ImageStep.run(labs, new ImageStep.Request(dir, to, fromDocker, environment));
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
        return 0;
    }
}
