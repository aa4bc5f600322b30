import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The repository's GitHub Actions workflow files, their steps, and the jbang commands those steps run. */
final class Workflows {
    static final Path DIRECTORY = RealJBang.REPO.resolve(".github/workflows");

    /** A workflow step: where it is, and what it runs (an action with inputs, or a shell script). */
    record Step(String file, String job, String name, String id, String uses, String run, String shell,
            Map<String, String> with, Map<String, String> env) {
        String where() {
            return file + " > " + job + " > " + name;
        }
    }

    /** One run of a jbang script: the script or alias as written, and the options passed to it. */
    record JBangCall(Step step, String scriptRef, List<String> options) {
        /** The catalog alias, or null when the call names a script file. */
        String alias() {
            if (scriptRef.endsWith(".java")) return null;
            int at = scriptRef.indexOf('@');
            return at < 0 ? scriptRef : scriptRef.substring(0, at);
        }

        @Override
        public String toString() {
            return "jbang " + scriptRef + " " + String.join(" ", options) + " (" + step.where() + ")";
        }
    }

    /** jbang's own commands: a line that runs one of them runs no script. */
    private static final Set<String> JBANG_COMMANDS = Set.of("alias", "app", "build", "cache", "catalog",
            "completion", "config", "deps", "edit", "export", "info", "init", "jdk", "template", "trust",
            "version", "wrapper");
    /** jbang in command position: at the start of a line, or after an operator or a keyword that starts a command. */
    private static final Pattern JBANG_COMMAND =
            Pattern.compile("(?:^|[;|&(!]|\\b(?:then|do|if|else|time))\\s*(?:[\\w.-]*/)*jbang(?=[ \\t])");
    private static final Pattern EXPRESSION_LITERAL = Pattern.compile("'(-[^']*)'");
    /** The shell's ${VAR:+--option "$VAR"}: the option only when the variable is set. */
    private static final Pattern OPTION_IF_SET = Pattern.compile("\\$\\{\\w+:\\+(-[\\w-]+)");

    /** A GitHub expression, and the two forms of it that evaluate() knows. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern CONTEXT_VALUE = Pattern.compile("[a-z]+(\\.[\\w-]+)+");
    private static final Pattern CONDITIONAL = Pattern.compile("([a-z]+(?:\\.[\\w-]+)+)\\s*&&\\s*'([^']*)'\\s*\\|\\|\\s*'([^']*)'");

    private Workflows() {
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Step> steps(Path file) throws IOException {
        return steps(file.getFileName().toString(), Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static List<Step> steps(String fileName, String yaml) {
        Map<String, Object> workflow = new Yaml().load(yaml);
        List<Step> steps = new ArrayList<>();
        Map<String, Object> jobs = (Map<String, Object>) workflow.getOrDefault("jobs", Map.of());
        jobs.forEach((jobId, jobValue) -> {
            Map<String, Object> job = (Map<String, Object>) jobValue;
            List<Map<String, Object>> jobSteps = (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
            for (int i = 0; i < jobSteps.size(); i++) {
                Map<String, Object> step = jobSteps.get(i);
                String name = step.containsKey("name") ? String.valueOf(step.get("name")) : "step " + (i + 1);
                steps.add(new Step(fileName, jobId, name, (String) step.get("id"), (String) step.get("uses"),
                        (String) step.get("run"), (String) step.get("shell"), strings(step.get("with")), strings(step.get("env"))));
            }
            if (job.containsKey("uses")) {
                steps.add(new Step(fileName, jobId, "job " + jobId, null, (String) job.get("uses"), null, null,
                        strings(job.get("with")), Map.of()));
            }
        });
        return steps;
    }

    /** The inputs a trigger (workflow_call, workflow_dispatch) declares, by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> inputs(String yaml, String trigger) {
        Map<Object, Object> workflow = new Yaml().load(yaml);
        // YAML 1.1, which SnakeYAML reads, takes a bare `on` key for the boolean true.
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        Map<String, Object> triggers = on instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Object> declared = (Map<String, Object>) triggers.get(trigger);
        if (declared == null) throw new AssertionError("the workflow has no trigger " + trigger);
        return (Map<String, Map<String, Object>>) declared.getOrDefault("inputs", Map.of());
    }

    static Step step(Path file, String id) throws IOException {
        return steps(file).stream().filter(s -> id.equals(s.id())).findFirst()
                .orElseThrow(() -> new AssertionError(file.getFileName() + " has no step with id " + id));
    }

    private static Map<String, String> strings(Object map) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (map instanceof Map<?, ?> values) values.forEach((k, v) -> strings.put(String.valueOf(k), String.valueOf(v)));
        return strings;
    }

    /** Every jbang script a step runs: through jbangdev/jbang-action, or on a shell line. */
    static List<JBangCall> jbangCalls(List<Step> steps) {
        List<JBangCall> calls = new ArrayList<>();
        for (Step step : steps) {
            if (step.uses() != null && step.uses().startsWith("jbangdev/jbang-action@")) {
                List<String> words = new ArrayList<>(List.of(step.with().getOrDefault("script", "")));
                words.addAll(shellWords(step.with().getOrDefault("scriptargs", "")));
                scriptCall(step, words, false).ifPresent(calls::add);
            }
            if (step.run() != null) {
                String script = step.run().replace("\\\n", " ");
                for (String line : script.split("\n")) {
                    Matcher matcher = JBANG_COMMAND.matcher(line);
                    while (matcher.find()) {
                        scriptCall(step, shellWords(line.substring(matcher.end())), true).ifPresent(calls::add);
                    }
                }
            }
        }
        return calls;
    }

    private static Optional<JBangCall> scriptCall(Step step, List<String> words, boolean jbangOptionsFirst) {
        int index = 0;
        while (jbangOptionsFirst && index < words.size() && words.get(index).startsWith("-")) index++;
        if (index >= words.size()) return Optional.empty();
        if (words.get(index).equals("run")) index++;
        else if (JBANG_COMMANDS.contains(words.get(index))) return Optional.empty();
        if (index >= words.size()) return Optional.empty();
        String scriptRef = words.get(index);
        List<String> options = new ArrayList<>();
        for (String word : words.subList(index + 1, words.size())) {
            if (word.equals("--")) break;
            if (word.startsWith("${{")) {
                Matcher literal = EXPRESSION_LITERAL.matcher(word);
                while (literal.find()) options.add(optionName(literal.group(1)));
            } else if (word.startsWith("-")) {
                options.add(optionName(word));
            } else {
                Matcher optionIfSet = OPTION_IF_SET.matcher(word);
                if (optionIfSet.lookingAt()) options.add(optionName(optionIfSet.group(1)));
            }
        }
        return Optional.of(new JBangCall(step, scriptRef, options));
    }

    private static String optionName(String word) {
        int equals = word.indexOf('=');
        return equals < 0 ? word : word.substring(0, equals);
    }

    /**
     * Replaces the GitHub expressions in a workflow value with their values in the given context
     * ("inputs.prefix" to "labs-jj", ...). Knows the two forms the labs workflows use, a context
     * value and `value && 'a' || 'b'`, and refuses any other, so that a test cannot silently skip one.
     */
    static String evaluate(String text, Map<String, String> context) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group(1);
            String value;
            Matcher conditional = CONDITIONAL.matcher(expression);
            if (CONTEXT_VALUE.matcher(expression).matches()) {
                value = lookUp(expression, context, text);
            } else if (conditional.matches()) {
                value = truthy(lookUp(conditional.group(1), context, text)) ? conditional.group(2) : conditional.group(3);
            } else {
                throw new IllegalArgumentException("The test cannot evaluate ${{ " + expression + " }} in: " + text);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /**
     * The expressions in a text whose value, not just a choice between literals, would be pasted
     * into it: in a shell script such a value could inject commands.
     */
    static List<String> pastedValues(String text) {
        List<String> pasted = new ArrayList<>();
        Matcher matcher = EXPRESSION.matcher(text);
        while (matcher.find()) if (!CONDITIONAL.matcher(matcher.group(1)).matches()) pasted.add(matcher.group());
        return pasted;
    }

    private static String lookUp(String name, Map<String, String> context, String text) {
        if (!context.containsKey(name)) throw new IllegalArgumentException("The test gave no value for " + name + ", used in: " + text);
        return context.get(name);
    }

    /** GitHub's truthiness: false, 0, '' and null are false. */
    private static boolean truthy(String value) {
        return value != null && !value.isEmpty() && !value.equals("false") && !value.equals("0");
    }

    /**
     * Splits a shell command line into words as the shell would for plain commands: quotes removed,
     * a GitHub expression `${{ ... }}` kept as one word, and the line cut at the first unquoted
     * operator (pipe, list, redirection, comment).
     */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (line.startsWith("${{", i)) {
                int end = line.indexOf("}}", i);
                if (end < 0) throw new IllegalArgumentException("Unclosed ${{ in: " + line);
                word.append(line, i, end + 2);
                inWord = true;
                i = end + 1;
            } else if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) throw new IllegalArgumentException("Unclosed quote in: " + line);
                word.append(line, i + 1, end);
                inWord = true;
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else if ("|;&<>)".indexOf(c) >= 0 || (c == '#' && !inWord)) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
