import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/ stay true: the configuration reference is the rendering of the Setting enum,
 * README's test command is what CI runs, and every relative link leads to a file (and heading) that
 * exists.
 */
class DocsTest {
    static final String TEST_COMMAND = "mvn -B -f tests/pom.xml test";
    static final String REGENERATE = TEST_COMMAND + " -Dtest=DocsTest -Dlabs.docs.write=true";
    private static final Path DOCS = RealJBang.REPO.resolve("docs");
    /** [text](target) or ![alt](target); the target ends at the first space or closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void theConfigurationReferenceIsTheRenderingOfTheSettingEnum() throws IOException {
        Path file = DOCS.resolve("configuration.md");
        String document = Files.readString(file);
        String regenerated = ConfigurationReference.regenerate(document);
        if (Boolean.getBoolean("labs.docs.write") && !regenerated.equals(document)) {
            Files.writeString(file, regenerated);
            document = regenerated;
        }
        assertEquals(regenerated, document, "docs/configuration.md is not the rendering of the Setting enum;"
                + " regenerate it with: " + REGENERATE);
    }

    @Test
    void theTestCommandInReadmeIsWhatCiRuns() throws IOException {
        assertTrue(Files.readString(RealJBang.REPO.resolve("README.md")).contains(TEST_COMMAND),
                "README must show the test command " + TEST_COMMAND);
        assertTrue(Files.readString(RealJBang.REPO.resolve(".ci/run")).contains(TEST_COMMAND),
                ".ci/run must run README's test command " + TEST_COMMAND);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path document : documents()) {
            for (String target : links(Files.readString(document))) {
                if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue; // https:, mailto:, ...
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
                String where = RealJBang.REPO.relativize(document) + ": (" + target + ")";
                if (!resolved.startsWith(RealJBang.REPO) || !Files.exists(resolved)) {
                    broken.add(where + " no such file");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, DocsTest::headingAnchors).contains(anchor)) {
                    broken.add(where + " no such heading");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void readmeLinksToEveryDocument() throws IOException {
        String readme = Files.readString(RealJBang.REPO.resolve("README.md"));
        Set<String> linked = new LinkedHashSet<>();
        for (String target : links(readme)) linked.add(target.replaceAll("#.*", ""));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md"))
                    .map(f -> "docs/" + f.getFileName())
                    .forEach(doc -> assertTrue(linked.contains(doc), "README's runbook index does not link to " + doc));
        }
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(RealJBang.REPO.resolve("README.md")));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** Link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) targets.add(link.group(1));
        }
        return targets;
    }

    /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
    static Set<String> headingAnchors(Path document) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        List<String> lines;
        try {
            lines = Files.readAllLines(document);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) continue;
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                    .replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }
}
