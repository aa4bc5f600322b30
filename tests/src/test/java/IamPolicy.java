import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small evaluator of IAM policy documents, enough to check labs's own policies without AWS: an
 * explicit Deny wins, then any Allow, else the request is implicitly denied (IAM User Guide, "Policy
 * evaluation logic"). Supported: Effect, Action/NotAction (case-insensitive, wildcards * and ?),
 * Resource/NotResource (ARN wildcards per colon-separated segment, the resource segment may contain
 * colons), Principal (for trust policies), and the condition operators String(Not)Equals,
 * StringEqualsIgnoreCase, String(Not)Like, Arn(Not)Equals, Arn(Not)Like, Bool and Null, each with
 * IfExists, and the ForAnyValue:/ForAllValues: qualifiers. Within a Condition, operators AND, keys
 * AND, values OR (NOR for negated operators); a key missing from the request makes a condition false,
 * a negated one true (IAM User Guide, "Condition operators" and "Conditions with multiple context
 * keys or values"). Anything else fails loudly rather than guessing.
 */
final class IamPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One authorization request: an action on a resource ARN ("*" where the action has no resource types). */
    record Request(String action, String resource, Map<String, List<String>> context, Principal principal) {
        Request(String action, String resource, Map<String, List<String>> context) {
            this(action, resource, context, null);
        }

        @Override
        public String toString() {
            return action + " on " + resource + (context.isEmpty() ? "" : " with " + context)
                    + (principal == null ? "" : " by " + principal);
        }
    }

    /** Who asks, for trust policies: type is AWS, Service or Federated. */
    record Principal(String type, String id) {
        @Override
        public String toString() {
            return type + ":" + id;
        }
    }

    enum Decision { ALLOWED, IMPLICITLY_DENIED, EXPLICITLY_DENIED }

    private final List<JsonNode> statements = new ArrayList<>();

    private IamPolicy(List<String> documents) {
        for (String document : documents) {
            JsonNode statement = parse(document).path("Statement");
            if (statement.isArray()) statement.forEach(statements::add);
            else if (statement.isObject()) statements.add(statement);
            else throw new IllegalArgumentException("no Statement in " + document);
        }
    }

    /** The documents of one principal (its inline and attached policies) evaluated together. */
    static IamPolicy of(List<String> documents) {
        return new IamPolicy(documents);
    }

    static IamPolicy of(String document) {
        return new IamPolicy(List.of(document));
    }

    Decision evaluate(Request request) {
        boolean allowed = false;
        for (JsonNode statement : statements) {
            if (!applies(statement, request)) continue;
            String effect = statement.path("Effect").asText();
            if (effect.equals("Deny")) return Decision.EXPLICITLY_DENIED;
            if (!effect.equals("Allow")) throw new IllegalArgumentException("Effect must be Allow or Deny: " + statement);
            allowed = true;
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICITLY_DENIED;
    }

    boolean allows(Request request) {
        return evaluate(request) == Decision.ALLOWED;
    }

    private static boolean applies(JsonNode statement, Request request) {
        return matchesAction(statement, request.action()) && matchesResource(statement, request.resource())
                && matchesPrincipal(statement, request.principal()) && conditionsHold(statement.path("Condition"), request.context());
    }

    private static boolean matchesAction(JsonNode statement, String action) {
        if (statement.has("Action")) return values(statement.get("Action")).stream().anyMatch(a -> actionMatches(a, action));
        if (statement.has("NotAction")) return values(statement.get("NotAction")).stream().noneMatch(a -> actionMatches(a, action));
        throw new IllegalArgumentException("statement without Action or NotAction: " + statement);
    }

    /** Action names are case-insensitive (IAM User Guide, "IAM JSON policy elements: Action"). */
    private static boolean actionMatches(String pattern, String action) {
        return glob(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT));
    }

    private static boolean matchesResource(JsonNode statement, String resource) {
        if (statement.has("Resource")) return values(statement.get("Resource")).stream().anyMatch(r -> arnMatches(r, resource));
        if (statement.has("NotResource")) return values(statement.get("NotResource")).stream().noneMatch(r -> arnMatches(r, resource));
        // trust policies name no resource: the role itself is the resource
        return statement.has("Principal");
    }

    private static boolean matchesPrincipal(JsonNode statement, Principal principal) {
        if (!statement.has("Principal")) return true;
        if (principal == null) return false;
        JsonNode named = statement.get("Principal");
        if (named.isTextual()) return named.asText().equals("*");
        return values(named.path(principal.type())).stream().anyMatch(p -> p.equals("*") || p.equals(principal.id()));
    }

    /**
     * ARNs match segment by segment (arn:partition:service:region:account:resource); the sixth,
     * the resource, keeps its own colons and slashes, which wildcards may span. "*" alone matches
     * everything, also a request resource that is "*".
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) return true;
        if (arn.equals("*")) return false;
        String[] wanted = pattern.split(":", 6);
        String[] actual = arn.split(":", 6);
        if (wanted.length != 6 || actual.length != 6) return false;
        for (int i = 0; i < 6; i++) {
            if (!glob(wanted[i], actual[i])) return false;
        }
        return true;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, List<String>> context) {
        if (condition.isMissingNode()) return true;
        var operators = condition.fields();
        while (operators.hasNext()) {
            var operator = operators.next();
            var keys = operator.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                if (!holds(operator.getKey(), values(key.getValue()), contextValues(context, key.getKey()))) return false;
            }
        }
        return true;
    }

    /** Condition keys are case-insensitive; their values are not (IAM User Guide, "IAM JSON policy elements: Condition"). */
    private static List<String> contextValues(Map<String, List<String>> context, String key) {
        return context.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static boolean holds(String operator, List<String> wanted, List<String> actual) {
        String qualifier = operator.contains(":") ? operator.substring(0, operator.indexOf(':')) : null;
        String name = operator.substring(operator.indexOf(':') + 1);
        boolean ifExists = name.endsWith("IfExists");
        if (ifExists) name = name.substring(0, name.length() - "IfExists".length());
        if (name.equals("Null")) {
            boolean absent = actual == null || actual.isEmpty();
            return wanted.stream().anyMatch(w -> Boolean.parseBoolean(w) == absent);
        }
        boolean negated = name.contains("Not");
        String positive = name.replace("Not", "");
        if (actual == null || actual.isEmpty()) {
            if (ifExists) return true;
            if ("ForAllValues".equals(qualifier)) return true;
            return negated;
        }
        if (qualifier == null && actual.size() > 1) {
            throw new IllegalArgumentException(operator + " on a multivalued key needs ForAnyValue: or ForAllValues:");
        }
        java.util.function.Predicate<String> matchesOne = value -> {
            boolean any = wanted.stream().anyMatch(w -> operatorMatches(positive, w, value));
            return negated ? !any : any;
        };
        return "ForAllValues".equals(qualifier) ? actual.stream().allMatch(matchesOne) : actual.stream().anyMatch(matchesOne);
    }

    private static boolean operatorMatches(String operator, String wanted, String value) {
        return switch (operator) {
            case "StringEquals" -> wanted.equals(value);
            case "StringEqualsIgnoreCase" -> wanted.equalsIgnoreCase(value);
            case "StringLike" -> glob(wanted, value);
            case "ArnEquals", "ArnLike" -> arnMatches(wanted, value);
            case "Bool" -> wanted.equalsIgnoreCase(value);
            default -> throw new IllegalArgumentException("condition operator " + operator + " is not supported here");
        };
    }

    /** * matches any run of characters, ? exactly one; everything else literally. */
    static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    private static List<String> values(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) return List.of();
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(v -> values.add(v.asText()));
            return values;
        }
        return List.of(node.asText());
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not a policy document: " + document, e);
        }
    }
}
