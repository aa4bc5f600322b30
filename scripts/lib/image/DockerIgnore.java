import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A .dockerignore read the way Docker reads it: one pattern a line, '#' comments, a leading '!'
 * re-includes, '*' and '?' stay within one path segment, '**' spans any number of them, and a
 * pattern that matches a folder also matches everything inside it. The last matching line wins.
 */
final class DockerIgnore {
    record Rule(String pattern, Pattern regex, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    static DockerIgnore read(Path contextFolder) {
        Path file = contextFolder.resolve(".dockerignore");
        return Files.isRegularFile(file) ? readFile(file) : none();
    }

    static DockerIgnore readFile(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw LabsException.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    static DockerIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean exception = line.startsWith("!");
            String pattern = clean(exception ? line.substring(1).strip() : line);
            if (pattern.isEmpty()) continue;
            rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), exception));
        }
        return new DockerIgnore(rules);
    }

    /** Docker cleans each pattern like a path: no leading or trailing slash, no "./", no "//". */
    private static String clean(String pattern) {
        String cleaned = pattern.replace('\\', '/').replaceAll("/+", "/");
        while (cleaned.startsWith("./")) cleaned = cleaned.substring(2);
        while (cleaned.startsWith("/")) cleaned = cleaned.substring(1);
        while (cleaned.endsWith("/") && cleaned.length() > 1) cleaned = cleaned.substring(0, cleaned.length() - 1);
        return cleaned.equals(".") ? "" : cleaned;
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                    i++;
                    regex.append("(?:.*/)?");
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end);
                    if (set.startsWith("^") || set.startsWith("!")) set = "^" + set.substring(1);
                    regex.append('[').append(set.replace("\\", "\\\\")).append(']');
                    i = end;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.append('$').toString();
    }

    /** Whether a path relative to the context folder ('/'-separated) is left out of the image. */
    boolean excludes(String relativePath) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAParent(rule.regex(), relativePath)) excluded = !rule.exception();
        }
        return excluded;
    }

    private static boolean matchesItselfOrAParent(Pattern regex, String path) {
        if (regex.matcher(path).matches()) return true;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (regex.matcher(path.substring(0, slash)).matches()) return true;
        }
        return false;
    }

    private boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /**
     * The files of a folder that go into the image, as '/'-separated relative paths in a stable
     * order; {@code alsoLeftOut} names further paths (and their contents) to skip.
     */
    Set<String> includedFiles(Path folder, Set<String> alsoLeftOut) {
        Set<String> included = new TreeSet<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    if (directory.equals(folder)) return FileVisitResult.CONTINUE;
                    String relative = relative(folder, directory);
                    if (alsoLeftOut.contains(relative)) return FileVisitResult.SKIP_SUBTREE;
                    // Without exceptions nothing inside an excluded folder can come back.
                    if (!hasExceptions() && excludes(relative)) return FileVisitResult.SKIP_SUBTREE;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String relative = relative(folder, file);
                    if (!attributes.isDirectory() && !alsoLeftOut.contains(relative) && !excludes(relative)) {
                        included.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return included;
    }

    private static String relative(Path folder, Path path) {
        return folder.relativize(path).toString().replace('\\', '/');
    }
}
