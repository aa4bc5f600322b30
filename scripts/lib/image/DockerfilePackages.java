import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OS packages a Dockerfile's stage installs with apt-get/apt install or apk add: what jib,
 * which cannot run commands, leaves out of the image. Reads the instructions the way Docker
 * does: backslash continues a line, and comment lines inside a continued instruction are dropped.
 */
final class DockerfilePackages {
    private DockerfilePackages() {
    }

    /** The packages of the given stage (by its AS name), or of the last stage when target is null. */
    static Set<String> installedBy(List<String> dockerfile, String target) {
        List<List<String>> stages = new ArrayList<>();
        for (String instruction : instructions(dockerfile)) {
            String[] words = instruction.strip().split("\\s+", 2);
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stages.add(new ArrayList<>(List.of(instruction)));
            } else if (!stages.isEmpty() && keyword.equals("RUN") && words.length > 1) {
                stages.get(stages.size() - 1).add(words[1]);
            }
        }
        List<String> stage = stages.isEmpty() ? List.of() : target == null ? stages.get(stages.size() - 1)
                : stages.stream().filter(s -> s.get(0).matches("(?i).*\\sAS\\s+" + java.util.regex.Pattern.quote(target) + "\\s*"))
                        .findFirst().orElse(List.of());
        Set<String> packages = new LinkedHashSet<>();
        stage.stream().skip(1).forEach(run -> packages.addAll(packagesIn(run)));
        return packages;
    }

    static Set<String> installedBy(Path dockerfile, String target) {
        try {
            return installedBy(Files.readAllLines(dockerfile), target);
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Instructions with their continuation lines joined. */
    private static List<String> instructions(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) continue;
            boolean continues = trimmed.endsWith("\\");
            String text = continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            if (current == null) current = new StringBuilder(text);
            else current.append(' ').append(text);
            if (!continues) {
                instructions.add(current.toString());
                current = null;
            }
        }
        if (current != null) instructions.add(current.toString());
        return instructions;
    }

    /** The words after "apt-get install", "apt install" or "apk add", up to the end of that shell command; options skipped. */
    private static List<String> packagesIn(String command) {
        List<String> packages = new ArrayList<>();
        for (String part : command.split("&&|\\|\\||;|\\|")) {
            String[] words = part.strip().split("\\s+");
            int start = -1;
            for (int i = 0; i + 1 < words.length; i++) {
                boolean install = (words[i].equals("apt-get") || words[i].equals("apt")) && words[i + 1].equals("install");
                if (install || (words[i].equals("apk") && words[i + 1].equals("add"))) start = i + 2;
            }
            if (start < 0) continue;
            for (int i = start; i < words.length; i++) {
                if (!words[i].startsWith("-") && !words[i].isEmpty()) packages.add(words[i]);
            }
        }
        return packages;
    }
}
