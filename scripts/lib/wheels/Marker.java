import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PEP 508 environment markers (https://packaging.python.org/en/latest/specifications/dependency-specifiers/#environment-markers),
 * evaluated for the image rather than for this machine: {@code python_full_version >= "3.11.4" and
 * (sys_platform == "linux" or extra == "redis")}. Comparisons use PEP 440 when both sides are versions,
 * strings otherwise, as the packaging library does.
 */
final class Marker {
    private static final Set<String> VARIABLES = Set.of("python_version", "python_full_version", "os_name", "sys_platform",
            "platform_release", "platform_system", "platform_version", "platform_machine", "platform_python_implementation",
            "implementation_name", "implementation_version", "extra");
    /** The older spellings that PEP 508 still accepts. */
    private static final Map<String, String> LEGACY = Map.of("os.name", "os_name", "sys.platform", "sys_platform",
            "platform.version", "platform_version", "platform.machine", "platform_machine", "platform.python_implementation",
            "platform_python_implementation", "python_implementation", "platform_python_implementation");
    private static final List<String> OPERATORS = List.of("===", "==", "!=", "<=", ">=", "~=", "<", ">", "not in", "in");

    private final String text;
    private final List<String> tokens;
    private final Map<String, String> environment;
    private int position;

    private Marker(String text, Map<String, String> environment) {
        this.text = text;
        this.tokens = tokenize(text);
        this.environment = environment;
    }

    /** Whether the marker holds in the environment (variable name → value); an empty marker always does. */
    static boolean evaluate(String marker, Map<String, String> environment) {
        if (marker == null || marker.isBlank()) return true;
        Marker parser = new Marker(marker, environment);
        boolean result = parser.or();
        if (parser.position != parser.tokens.size()) throw parser.invalid("unexpected '" + parser.tokens.get(parser.position) + "'");
        return result;
    }

    private boolean or() {
        boolean result = and();
        while (accept("or")) result |= and();
        return result;
    }

    private boolean and() {
        boolean result = comparison();
        while (accept("and")) result &= comparison();
        return result;
    }

    private boolean comparison() {
        if (accept("(")) {
            boolean result = or();
            if (!accept(")")) throw invalid("missing )");
            return result;
        }
        String left = next();
        String operator = next();
        if (operator.equals("not")) operator = "not " + next();
        if (!OPERATORS.contains(operator)) throw invalid("unknown operator '" + operator + "'");
        String right = next();
        boolean extra = left.equals("extra") || right.equals("extra");
        return compare(value(left, extra), operator, value(right, extra));
    }

    private String value(String token, boolean extra) {
        if (token.startsWith("'") || token.startsWith("\"")) {
            String literal = token.substring(1, token.length() - 1);
            return extra ? PackageName.normalize(literal) : literal;
        }
        String name = LEGACY.getOrDefault(token, token);
        if (!VARIABLES.contains(name)) throw invalid("unknown variable '" + token + "'");
        String value = environment.getOrDefault(name, "");
        return extra ? PackageName.normalize(value) : value;
    }

    static boolean compare(String left, String operator, String right) {
        if (operator.equals("in")) return right.contains(left);
        if (operator.equals("not in")) return !right.contains(left);
        Pep440Version version = Pep440Version.parse(left);
        boolean rightIsVersion = Pep440Version.parse(right.replaceAll("\\.\\*$", "")) != null;
        if (version != null && rightIsVersion && !operator.equals("===")) return version.satisfies(operator, right);
        int c = left.compareTo(right);
        return switch (operator) {
            case "==", "===" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> false;
        };
    }

    private boolean accept(String token) {
        if (position < tokens.size() && tokens.get(position).equals(token)) {
            position++;
            return true;
        }
        return false;
    }

    private String next() {
        if (position >= tokens.size()) throw invalid("unexpected end");
        return tokens.get(position++);
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("Invalid environment marker '" + text + "': " + why);
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) throw new IllegalArgumentException("Invalid environment marker '" + text + "': unclosed quote");
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            } else if ("<>=!~".indexOf(c) >= 0) {
                int end = i;
                while (end < text.length() && "<>=!~".indexOf(text.charAt(end)) >= 0) end++;
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                        || text.charAt(end) == '.')) end++;
                if (end == i) throw new IllegalArgumentException("Invalid environment marker '" + text + "': unexpected '" + c + "'");
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }
}
