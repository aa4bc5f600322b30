import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the settings table of docs/configuration.md from the {@link Setting} enum, so that the
 * reference cannot drift from the code. DocsTest compares the file with this rendering and, with
 * -Dlabs.docs.write=true, writes it.
 */
final class ConfigurationReference {
    static final String BEGIN = "<!-- BEGIN GENERATED from the Setting enum by tests/src/test/java/ConfigurationReference.java;"
            + " do not edit: mvn -B -f tests/pom.xml test -Dtest=DocsTest -Dlabs.docs.write=true -->";
    static final String END = "<!-- END GENERATED -->";
    /** A description that ends "(default: ...)" names a default that no single value expresses. */
    private static final Pattern DESCRIBED_DEFAULT = Pattern.compile("\\s*\\(default: (.*)\\)$");

    private ConfigurationReference() {
    }

    /** The table, one row a setting in the enum's order, between the markers (both included). */
    static String render() {
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        out.append("| key in labs.properties | environment variable | default | meaning |\n");
        out.append("| --- | --- | --- | --- |\n");
        for (Setting setting : Setting.values()) {
            String description = setting.description;
            String defaultValue = setting.defaultValue == null ? "none" : code(setting.defaultValue);
            Matcher described = DESCRIBED_DEFAULT.matcher(description);
            if (setting.defaultValue == null && described.find()) {
                defaultValue = cell(described.group(1));
                description = description.substring(0, described.start());
            }
            out.append("| ").append(code(setting.key))
                    .append(" | ").append(setting.environmentVariable == null ? "" : code(setting.environmentVariable))
                    .append(" | ").append(defaultValue)
                    .append(" | ").append(cell(description))
                    .append(" |\n");
        }
        return out.append(END).append('\n').toString();
    }

    /** Replaces the generated part of a document (markers included) with the current rendering. */
    static String regenerate(String document) {
        int begin = document.indexOf("<!-- BEGIN GENERATED");
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no generated part (" + BEGIN + " ... " + END + ")");
        }
        int afterEnd = end + END.length();
        if (afterEnd < document.length() && document.charAt(afterEnd) == '\n') afterEnd++;
        return document.substring(0, begin) + render() + document.substring(afterEnd);
    }

    private static String code(String value) {
        return "`" + value.replace("|", "\\|") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
