import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as PEP 440 orders it (https://packaging.python.org/en/latest/specifications/version-specifiers/):
 * epoch, release numbers (trailing zeros do not count), pre-release, post-release, dev-release; a local
 * label breaks ties. Enough for environment markers and for matching a lock's pins to an index's files.
 */
record Pep440Version(int epoch, List<Integer> release, String preLabel, int preNumber, int post, int dev, String local)
        implements Comparable<Pep440Version> {
    private static final int NONE = -1;
    private static final Pattern VERSION = Pattern.compile(
            "v?(?:(?<epoch>\\d+)!)?(?<release>\\d+(?:\\.\\d+)*)"
                    + "(?:[-_.]?(?<pre>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<preN>\\d*))?"
                    + "(?:-(?<implicitPost>\\d+)|[-_.]?(?<post>post|rev|r)[-_.]?(?<postN>\\d*))?"
                    + "(?:[-_.]?(?<dev>dev)[-_.]?(?<devN>\\d*))?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    /** The version, or null when the text is not one (markers then compare strings). */
    static Pep440Version parse(String text) {
        Matcher m = VERSION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        List<Integer> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) release.add(Integer.parseInt(part));
        String pre = m.group("pre") == null ? null : switch (m.group("pre")) {
            case "alpha" -> "a";
            case "beta" -> "b";
            case "c", "pre", "preview" -> "rc";
            default -> m.group("pre");
        };
        int post = m.group("implicitPost") != null ? Integer.parseInt(m.group("implicitPost"))
                : m.group("post") != null ? number(m.group("postN")) : NONE;
        int dev = m.group("dev") != null ? number(m.group("devN")) : NONE;
        return new Pep440Version(m.group("epoch") == null ? 0 : Integer.parseInt(m.group("epoch")), List.copyOf(release), pre,
                pre == null ? 0 : number(m.group("preN")), post, dev, m.group("local"));
    }

    /** An implicit number is 0 (1.0.post is 1.0.post0). */
    private static int number(String digits) {
        return digits == null || digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /** The release without trailing zeros, so that 3.11 and 3.11.0 are the same version. */
    private List<Integer> significantRelease() {
        int end = release.size();
        while (end > 1 && release.get(end - 1) == 0) end--;
        return release.subList(0, end);
    }

    @Override
    public int compareTo(Pep440Version other) {
        int c = Integer.compare(epoch, other.epoch);
        if (c != 0) return c;
        c = compareRelease(significantRelease(), other.significantRelease());
        if (c != 0) return c;
        c = Integer.compare(preRank(), other.preRank());
        if (c == 0 && preLabel != null) c = Integer.compare(preNumber, other.preNumber);
        if (c != 0) return c;
        c = Integer.compare(post, other.post);
        if (c != 0) return c;
        c = Integer.compare(dev == NONE ? Integer.MAX_VALUE : dev, other.dev == NONE ? Integer.MAX_VALUE : other.dev);
        if (c != 0) return c;
        return compareLocal(local, other.local);
    }

    /** A dev release of a final version sorts before its pre-releases; a pre-release before the final. */
    private int preRank() {
        if (preLabel == null) return dev != NONE && post == NONE ? -1 : 3;
        return switch (preLabel) {
            case "a" -> 0;
            case "b" -> 1;
            default -> 2;
        };
    }

    private static int compareRelease(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int compareLocal(String a, String b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        String[] x = a.split("[-_.]");
        String[] y = b.split("[-_.]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xNumber = x[i].matches("\\d+");
            boolean yNumber = y[i].matches("\\d+");
            int c = xNumber && yNumber ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : xNumber != yNumber ? (xNumber ? 1 : -1) : x[i].compareTo(y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    /** Whether this version satisfies one specifier clause such as {@code >=3.11}, {@code ~=2.2} or {@code ==3.11.*}. */
    boolean satisfies(String operator, String versionText) {
        if (operator.equals("===")) return toString().equals(versionText.strip());
        if ((operator.equals("==") || operator.equals("!=")) && versionText.strip().endsWith(".*")) {
            Pep440Version prefix = parse(versionText.strip().replaceAll("\\.\\*$", ""));
            boolean matches = prefix != null && epoch == prefix.epoch && startsWith(release, prefix.release);
            return operator.equals("==") == matches;
        }
        Pep440Version other = parse(versionText);
        if (other == null) throw new IllegalArgumentException("not a version: " + versionText);
        int c = compareTo(other);
        return switch (operator) {
            case "==" -> c == 0 || (other.local == null && withoutLocal().compareTo(other) == 0);
            case "!=" -> !(c == 0 || (other.local == null && withoutLocal().compareTo(other) == 0));
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "~=" -> c >= 0 && other.release.size() > 1
                    && startsWith(release, other.release.subList(0, other.release.size() - 1));
            default -> throw new IllegalArgumentException("not a version operator: " + operator);
        };
    }

    private Pep440Version withoutLocal() {
        return new Pep440Version(epoch, release, preLabel, preNumber, post, dev, null);
    }

    private static boolean startsWith(List<Integer> release, List<Integer> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if ((i < release.size() ? release.get(i) : 0) != (int) prefix.get(i)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (epoch != 0) text.append(epoch).append('!');
        text.append(String.join(".", release.stream().map(String::valueOf).toList()));
        if (preLabel != null) text.append(preLabel).append(preNumber);
        if (post != NONE) text.append(".post").append(post);
        if (dev != NONE) text.append(".dev").append(dev);
        if (local != null) text.append('+').append(local);
        return text.toString();
    }
}
