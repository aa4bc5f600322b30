import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requirement files as a lock (what pip-compile --generate-hashes and uv export write): every package
 * pinned with {@code ==}, optionally with {@code --hash=sha256:...} values and an environment marker;
 * {@code -r} includes other files, {@code -c} constraint files add nothing, {@code --index-url} and
 * {@code --extra-index-url} name the indexes (https://pip.pypa.io/en/stable/reference/requirements-file-format/).
 */
record PinnedRequirements(List<Pin> pins, List<String> indexUrls) {
    /** One pinned package: {@code name==version ; marker --hash=sha256:...}, or {@code name @ URL}. */
    record Pin(String name, String version, String marker, Set<String> hashes, String url, String origin) {
    }

    private static final Pattern PIN = Pattern.compile(
            "^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([^\\s;,]+)\\s*(?:;(.*))?$");
    private static final Pattern DIRECT = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*@\\s*(\\S+)\\s*(?:;(.*))?$");
    private static final Pattern HASH = Pattern.compile("--hash[=\\s]+sha256:([0-9a-fA-F]{64})");
    private static final Pattern OPTION = Pattern.compile("^(-r|--requirement|-c|--constraint|-i|--index-url|--extra-index-url)(?:[=\\s]+(\\S+))?$");

    /**
     * Reads the files in order (and what they include); a package pinned twice must be pinned to the
     * same version. {@code indexUrl} is the index used when the files name none.
     */
    static PinnedRequirements read(List<Path> files, String indexUrl) {
        Map<String, Pin> pins = new LinkedHashMap<>();
        List<String> indexes = new ArrayList<>();
        List<String> extraIndexes = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path file : files) readFile(file.toAbsolutePath().normalize(), pins, indexes, extraIndexes, seen);
        List<String> all = new ArrayList<>(indexes.isEmpty() ? List.of(indexUrl) : List.of(indexes.get(indexes.size() - 1)));
        all.addAll(extraIndexes);
        return new PinnedRequirements(List.copyOf(pins.values()), List.copyOf(new LinkedHashSet<>(all)));
    }

    private static void readFile(Path file, Map<String, Pin> pins, List<String> indexes, List<String> extraIndexes, Set<Path> seen) {
        if (!seen.add(file)) return;
        for (String entry : entries(file)) {
            String line = entry.replaceAll(HASH.pattern(), "").strip();
            Matcher option = OPTION.matcher(line);
            if (option.matches()) {
                String value = option.group(2);
                switch (option.group(1)) {
                    case "-r", "--requirement" -> readFile(file.getParent().resolve(value).normalize(), pins, indexes, extraIndexes, seen);
                    case "-i", "--index-url" -> indexes.add(value);
                    case "--extra-index-url" -> extraIndexes.add(value);
                    default -> {
                        // a constraint file pins nothing of its own to install
                    }
                }
                continue;
            }
            if (line.startsWith("-e") || line.startsWith("--editable")) {
                throw LabsException.usage(file.getFileName() + " installs an editable project (" + line + "), which has no wheel:"
                        + " set labs.image.installer=pip, or build with the app's Dockerfile");
            }
            if (line.startsWith("-")) continue;
            Set<String> hashes = new LinkedHashSet<>();
            Matcher hash = HASH.matcher(entry);
            while (hash.find()) hashes.add(hash.group(1).toLowerCase(java.util.Locale.ROOT));
            add(parse(line, hashes, file), pins, file);
        }
    }

    private static Pin parse(String line, Set<String> hashes, Path file) {
        String origin = file.getFileName().toString();
        Matcher pin = PIN.matcher(line);
        if (pin.matches()) return new Pin(PackageName.normalize(pin.group(1)), pin.group(2), marker(pin.group(3)), hashes, null, origin);
        Matcher direct = DIRECT.matcher(line);
        if (direct.matches()) return new Pin(PackageName.normalize(direct.group(1)), null, marker(direct.group(3)), hashes, direct.group(2), origin);
        throw LabsException.usage(origin + " has '" + line + "', which is not pinned with ==: labs installs a lock, every package"
                + " pinned (pip-compile --generate-hashes, uv export); or set labs.image.installer=pip");
    }

    private static String marker(String text) {
        return text == null ? "" : text.strip();
    }

    private static void add(Pin pin, Map<String, Pin> pins, Path file) {
        Pin earlier = pins.get(pin.name() + ";" + pin.marker());
        if (earlier == null) {
            pins.put(pin.name() + ";" + pin.marker(), pin);
            return;
        }
        if (!java.util.Objects.equals(earlier.version(), pin.version()) || !java.util.Objects.equals(earlier.url(), pin.url())) {
            throw LabsException.usage(pin.name() + " is pinned twice, to " + describe(earlier) + " in " + earlier.origin()
                    + " and to " + describe(pin) + " in " + file.getFileName());
        }
        Set<String> hashes = new LinkedHashSet<>(earlier.hashes());
        if (!hashes.isEmpty() && !pin.hashes().isEmpty()) hashes.retainAll(pin.hashes());
        else hashes.addAll(pin.hashes());
        pins.put(pin.name() + ";" + pin.marker(), new Pin(pin.name(), pin.version(), pin.marker(), hashes, pin.url(), earlier.origin()));
    }

    private static String describe(Pin pin) {
        return pin.version() != null ? pin.version() : pin.url();
    }

    /** The file's entries: comments removed, continuation lines joined. */
    private static List<String> entries(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + file + ": " + e.getMessage());
        }
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("(^|\\s)#.*$", "").stripTrailing();
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) entries.add(current.toString().strip());
            current.setLength(0);
        }
        if (!current.toString().isBlank()) entries.add(current.toString().strip());
        return entries;
    }
}
