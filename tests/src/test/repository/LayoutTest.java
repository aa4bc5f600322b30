import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code shape of docs/development.md, checked in milliseconds: a missing //SOURCES line or a bundle that
 * needs a type from a bundle it does not include otherwise shows up only as a JBang compile error in the slow
 * real-JBang tests (the Maven build compiles all of scripts/ at once and cannot see it).
 */
class LayoutTest {
    private static final Path SCRIPTS = RealJBang.REPO.resolve("scripts");
    private static final Path LIB = SCRIPTS.resolve("lib");
    private static final Pattern SOURCES = Pattern.compile("(?m)^//SOURCES (\\S+)$");
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:public |final |abstract |sealed |non-sealed )*(?:class|record|enum|interface) (\\w+)");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "//[^\\n]*|/\\*[\\s\\S]*?\\*/|\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
    /** A capitalised word not qualified by an outer name (Outer.Nested names Outer's own type). */
    private static final Pattern WORD = Pattern.compile("(?<![.\\w])[A-Z]\\w*\\b");
    private static final Pattern DECLARED_TYPE = Pattern.compile("\\b(?:class|record|enum|interface) (\\w+)");

    @Test
    void noJavaFileLivesDirectlyUnderLib() throws IOException {
        try (Stream<Path> files = Files.list(LIB)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".java")).map(LIB::relativize).toList(),
                    "scripts/lib holds folders by concern only");
        }
    }

    @Test
    void eachFolderHasABundleListingExactlyItsFiles() throws IOException {
        for (Path folder : folders()) {
            Set<String> listed = bundleSources(folder).stream().filter(s -> !s.startsWith("../"))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> present = javaFiles(folder).stream().map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals(bundleName(folder))).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(present, listed, "//SOURCES of " + LIB.relativize(bundle(folder))
                    + " must name every other file of its folder, and nothing else");
        }
    }

    @Test
    void eachFileHoldsOneTopLevelTypeNamedAfterIt() throws IOException {
        for (Path folder : folders()) {
            for (Path file : javaFiles(folder)) {
                if (file.equals(bundle(folder))) continue;
                List<String> types = matches(TOP_LEVEL_TYPE, Files.readString(file));
                String expected = file.getFileName().toString().replace(".java", "");
                assertEquals(List.of(expected), types, LIB.relativize(file) + " must hold the one top-level type " + expected);
            }
        }
    }

    @Test
    void scriptsListOnlyBundlesAndAtMostFour() throws IOException {
        for (Path script : scripts()) {
            List<String> sources = matches(SOURCES, Files.readString(script));
            assertTrue(sources.size() <= 4, script.getFileName() + " lists " + sources.size() + " //SOURCES; at most 4 bundles");
            for (String source : sources) {
                assertTrue(source.matches("lib/(\\w+)/\\1\\.java"), script.getFileName() + " lists " + source + ", not a bundle file");
            }
        }
    }

    /** What JBang compiles for a script is the script and its bundles' files: they must bring every type used there. */
    @Test
    void eachScriptsBundlesBringEveryTypeItsCodeUses() throws IOException {
        Map<String, Path> owner = typeOwners();
        List<String> problems = new ArrayList<>();
        for (Path script : scripts()) {
            Set<Path> reachable = new LinkedHashSet<>();
            for (String source : matches(SOURCES, Files.readString(script))) {
                reachable.addAll(reachableFolders(SCRIPTS.resolve(source).getParent().normalize()));
            }
            List<Path> compiled = new ArrayList<>(List.of(script));
            for (Path folder : reachable) compiled.addAll(javaFiles(folder));
            for (Path file : compiled) {
                for (String type : referencedTypes(file)) {
                    Path home = owner.get(type);
                    if (home != null && !reachable.contains(home)) {
                        problems.add(script.getFileName() + ": " + SCRIPTS.relativize(file) + " uses " + type
                                + ", but no bundle the script lists includes " + LIB.relativize(home));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Set<Path> reachableFolders(Path folder) throws IOException {
        Set<Path> reached = new LinkedHashSet<>();
        List<Path> pending = new ArrayList<>(List.of(folder.normalize()));
        while (!pending.isEmpty()) {
            Path next = pending.remove(pending.size() - 1);
            if (!reached.add(next)) continue;
            for (String source : bundleSources(next)) {
                if (source.startsWith("../")) pending.add(next.resolve(source).getParent().normalize());
            }
        }
        return reached;
    }

    private static Map<String, Path> typeOwners() throws IOException {
        Map<String, Path> owner = new HashMap<>();
        for (Path folder : folders()) {
            for (Path file : javaFiles(folder)) {
                for (String type : matches(TOP_LEVEL_TYPE, Files.readString(file))) owner.put(type, folder.normalize());
            }
        }
        return owner;
    }

    private static Set<String> referencedTypes(Path file) throws IOException {
        String code = COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
        Set<String> imported = new TreeSet<>(matches(Pattern.compile("(?m)^import (?:static )?[\\w.]+\\.(\\w+);"), code));
        Set<String> words = new TreeSet<>(matches(WORD, code.replaceAll("(?m)^import .*$", "")));
        words.removeAll(imported);
        words.removeAll(matches(DECLARED_TYPE, code));
        return words;
    }

    private static List<String> bundleSources(Path folder) throws IOException {
        return matches(SOURCES, Files.readString(bundle(folder)));
    }

    private static Path bundle(Path folder) {
        return folder.resolve(bundleName(folder));
    }

    private static String bundleName(Path folder) {
        return folder.getFileName() + ".java";
    }

    private static List<Path> folders() throws IOException {
        try (Stream<Path> entries = Files.list(LIB)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> entries = Files.list(SCRIPTS)) {
            return entries.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) found.add(matcher.groupCount() == 0 ? matcher.group() : matcher.group(1));
        return found;
    }
}
