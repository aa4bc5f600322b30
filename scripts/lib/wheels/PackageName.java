import java.util.Locale;

/** Package names compare as PEP 503 normalizes them: case-insensitive, runs of - _ . alike. */
final class PackageName {
    private PackageName() {
    }

    static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
