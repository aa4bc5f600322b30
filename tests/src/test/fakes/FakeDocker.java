import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A stand-in for the docker CLI as jib's daemon client calls it: `docker inspect -f {{json .}}
 * --type image NAME` answers the image's Id, Size and RootFS.Layers (diff ids), `docker save NAME`
 * writes the image as a docker-save tarball (manifest.json, config, layers), `docker info` the
 * daemon's OS and architecture. The image itself is made by jib. Each call leaves its environment
 * in {@link #environmentSeen}.
 */
final class FakeDocker {
    private FakeDocker() {
    }

    /** Returns the fake CLI; the image holds /hello.txt and the entrypoint /hello. */
    static Path create(Path folder, String imageName) throws Exception {
        Path hello = Files.writeString(Files.createDirectories(folder.resolve("docker-context")).resolve("hello.txt"), "built by docker\n");
        Path tarball = folder.resolve("docker-image.tar");
        Jib.fromScratch().addFileEntriesLayer(FileEntriesLayer.builder().addEntry(hello, AbsoluteUnixPath.get("/hello.txt")).build())
                .setEntrypoint("/hello")
                .containerize(Containerizer.to(TarImage.at(tarball).named(imageName))
                        .setApplicationLayersCache(folder.resolve("docker-cache")));
        byte[] config = configOf(tarball);
        JsonNode configJson = new ObjectMapper().readTree(config);
        ObjectNode inspect = new ObjectMapper().createObjectNode();
        inspect.put("Id", "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config)));
        inspect.put("Size", Files.size(tarball));
        inspect.putObject("RootFS").set("Layers", configJson.path("rootfs").path("diff_ids"));
        Path inspectFile = Files.writeString(folder.resolve("docker-inspect.json"), inspect.toString());
        Path cli = folder.resolve("docker");
        Files.writeString(cli, String.join("\n", "#!/bin/sh",
                "env > '" + environmentSeen(folder) + "'",
                "case \"$1\" in",
                "  inspect) cat '" + inspectFile + "' ;;",
                "  save) cat '" + tarball + "' ;;",
                "  info) echo '{\"OSType\":\"linux\",\"Architecture\":\"x86_64\"}' ;;",
                "  *) echo \"fake docker: unexpected $*\" >&2; exit 1 ;;",
                "esac", ""));
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cli;
    }

    /** The digest the builder stand-in reports for every image it pushes. */
    static final String PUSHED_DIGEST = "sha256:" + "d0c4e7".repeat(10) + "d0c4";

    /**
     * A stand-in for the docker CLI as the docker builder calls it: every call's arguments go to
     * docker-calls.txt, what `login` reads on stdin to docker-login-stdin.txt. `info` answers (a
     * daemon runs); `buildx version` fails when the file no-buildx exists; `buildx inspect labs`
     * fails until `buildx create` has run; `buildx build` prints BuildKit-like progress, writes the
     * --metadata-file with containerimage.digest (or the --output dest tarball) and exits 1 when the
     * file build-fails exists (its content is then printed too); `build`, `push` and `save` behave alike.
     */
    static Path builderCli(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path cli = folder.resolve("docker");
        String f = folder.toString();
        Files.writeString(cli, String.join("\n", "#!/bin/sh",
                "echo \"$*\" >> '" + f + "/docker-calls.txt'",
                "arg() { want=\"$1\"; shift; while [ $# -gt 0 ]; do if [ \"$1\" = \"$want\" ]; then echo \"$2\"; return; fi; shift; done; }",
                "progress() { echo '#1 [internal] load build definition from Dockerfile'; echo '#9 [stage-2 5/9] RUN apt-get update'; "
                        + "if [ -f '" + f + "/build-fails' ]; then cat '" + f + "/build-fails'; exit 1; fi; echo '#12 exporting to image'; }",
                "case \"$1 $2\" in",
                "  'buildx version') [ -f '" + f + "/no-buildx' ] && exit 1; echo 'github.com/docker/buildx v0.19.3' ;;",
                "  'buildx inspect') [ -f '" + f + "/builder-created' ] || { echo 'ERROR: no builder \"labs\" found' >&2; exit 1; } ;;",
                "  'buildx create') touch '" + f + "/builder-created'; echo labs ;;",
                "  'buildx build') progress",
                "     meta=$(arg --metadata-file \"$@\"); out=$(arg --output \"$@\")",
                "     case \"$out\" in type=docker,dest=*) echo tarball > \"${out#type=docker,dest=}\" ;; esac",
                "     [ -n \"$meta\" ] && echo '{\"containerimage.digest\": \"" + PUSHED_DIGEST + "\"}' > \"$meta\" ;;",
                "  *) case \"$1\" in",
                "       info) echo 27.3.1 ;;",
                "       login) cat > '" + f + "/docker-login-stdin.txt'; echo 'Login Succeeded' ;;",
                "       build) progress ;;",
                "       push) echo 'The push refers to repository'; echo \"latest: digest: " + PUSHED_DIGEST + " size: 1234\" ;;",
                "       save) echo tarball > \"$(arg --output \"$@\")\" ;;",
                "       *) echo \"fake docker: unexpected $*\" >&2; exit 1 ;;",
                "     esac ;;",
                "esac", ""));
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cli;
    }

    /** Where the fake CLI writes the environment it was started with. */
    static Path environmentSeen(Path folder) {
        return folder.resolve("docker-environment.txt");
    }

    private static byte[] configOf(Path tarball) throws Exception {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals("config.json")) return tar.readAllBytes();
            }
        }
        throw new IllegalStateException("no config.json in " + tarball);
    }
}
