import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The packages a {@code uv.lock} installs for the image, as {@code uv export --frozen --no-dev
 * --no-emit-project --group G} lists them: the project's dependencies and those of the chosen
 * dependency groups (never dev), followed through each package's dependencies and requested extras,
 * each edge kept only when its marker holds for the image.
 */
final class UvLock {
    static final String DEV_GROUP = "dev";

    private final Path file;
    private final WheelTarget target;
    private final Map<String, List<JsonNode>> byName = new LinkedHashMap<>();

    private UvLock(Path file, JsonNode root, WheelTarget target) {
        this.file = file;
        this.target = target;
        for (JsonNode p : root.path("package")) byName.computeIfAbsent(PackageName.normalize(p.path("name").asText()), n -> new ArrayList<>()).add(p);
    }

    static List<LockedPackage> read(Path file, List<String> groups, WheelTarget target) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + file + " as TOML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return new UvLock(file, root, target).packages(groups);
    }

    private List<LockedPackage> packages(List<String> groups) {
        JsonNode project = project();
        Deque<Visit> pending = new ArrayDeque<>();
        follow(project.path("dependencies"), pending);
        JsonNode projectGroups = project.path("dev-dependencies");
        for (String group : groups) {
            if (group.equals(DEV_GROUP)) continue;
            if (!projectGroups.has(group)) {
                throw LabsException.usage("labs.image.uv-groups names " + group + ", which " + file.getFileName() + " does not have"
                        + " (its groups: " + String.join(", ", fieldNames(projectGroups)) + ")");
            }
            follow(projectGroups.path(group), pending);
        }
        Map<String, JsonNode> reached = new java.util.TreeMap<>();
        Set<String> visited = new HashSet<>();
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            String key = visit.name() + "@" + version(visit.node()) + "[" + visit.extra() + "]";
            if (!visited.add(key)) continue;
            reached.put(visit.name() + "@" + version(visit.node()), visit.node());
            if (visit.extra().isEmpty()) follow(visit.node().path("dependencies"), pending);
            else follow(visit.node().path("optional-dependencies").path(visit.extra()), pending);
        }
        return reached.values().stream().map(this::locked).toList();
    }

    /** The root: the project itself, which uv records as a virtual or editable source at ".". */
    private JsonNode project() {
        for (List<JsonNode> versions : byName.values()) {
            for (JsonNode p : versions) {
                JsonNode source = p.path("source");
                if (source.path("virtual").asText("").equals(".") || source.path("editable").asText("").equals(".")) return p;
            }
        }
        throw LabsException.usage(file + " has no package for the project itself (source = { virtual = \".\" } or"
                + " { editable = \".\" }): is it a uv.lock?");
    }

    private record Visit(String name, JsonNode node, String extra) {
    }

    private void follow(JsonNode dependencies, Deque<Visit> pending) {
        for (JsonNode dependency : dependencies) {
            if (!holds(dependency.path("marker").asText(""))) continue;
            String name = PackageName.normalize(dependency.path("name").asText());
            JsonNode node = find(name, dependency.path("version").asText(null));
            pending.push(new Visit(name, node, ""));
            for (JsonNode extra : dependency.path("extra")) pending.push(new Visit(name, node, PackageName.normalize(extra.asText())));
        }
    }

    private boolean holds(String marker) {
        try {
            return Marker.evaluate(marker, target.markerEnvironment(""));
        } catch (IllegalArgumentException e) {
            throw LabsException.usage(file.getFileName() + ": " + e.getMessage());
        }
    }

    /** A package by name, and by version when the lock has several (a resolution forked by markers). */
    private JsonNode find(String name, String version) {
        List<JsonNode> versions = byName.getOrDefault(name, List.of());
        for (JsonNode p : versions) {
            if (version == null || version(p).equals(version)) return p;
        }
        throw LabsException.usage(file.getFileName() + " names the dependency " + name + (version == null ? "" : " " + version)
                + " but has no [[package]] for it: re-lock with uv lock");
    }

    private static String version(JsonNode p) {
        return p.path("version").asText("");
    }

    private LockedPackage locked(JsonNode p) {
        List<DistFile> files = new ArrayList<>();
        for (JsonNode wheel : p.path("wheels")) files.add(file(wheel));
        if (p.has("sdist")) files.add(file(p.path("sdist")));
        return new LockedPackage(PackageName.normalize(p.path("name").asText()), version(p), files, Set.of(),
                file.getFileName().toString());
    }

    private DistFile file(JsonNode entry) {
        String hash = entry.path("hash").asText("");
        String sha256 = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : null;
        URI url = entry.has("url") ? URI.create(entry.path("url").asText())
                : file.toAbsolutePath().getParent().resolve(entry.path("path").asText(entry.path("filename").asText())).toUri();
        String name = entry.has("filename") ? entry.path("filename").asText() : fileName(url);
        return new DistFile(name, url, sha256);
    }

    static String fileName(URI url) {
        String path = url.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
