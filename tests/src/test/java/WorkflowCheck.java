import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks a GitHub Actions workflow file offline, as the npm tool action-validator did: against
 * GitHub's workflow schema (SchemaStore's github-workflow.json, draft-07, pinned in
 * src/test/resources/schema with a note of where it came from), then what the schema cannot say:
 * each `needs:` names a job of the workflow, each `uses:` has the form GitHub accepts (an action or
 * reusable workflow of another repository at a `@ref`, a local `./` path, or a `docker://` image),
 * and each `${{` is closed by `}}`.
 */
final class WorkflowCheck {
    static final String SCHEMA_ID = "https://json.schemastore.org/github-workflow.json";
    /**
     * The schema's $id, and any other schemastore.org address, is read from the test classpath, and
     * no other address is loaded: the loader has no network resource loader (remote fetching is off
     * unless asked for), and blocks any address outside these two besides.
     */
    private static final String SCHEMA_HOME = "https://json.schemastore.org/";
    private static final String PINNED_COPY = "classpath:schema/";

    /** owner/repo[/path]@ref: an action of another repository. */
    private static final Pattern REMOTE_ACTION = Pattern.compile("[\\w.-]+/[\\w.-]+(/[^@\\s]+)?@[^@\\s]+");
    /** owner/repo/.github/workflows/file.yml@ref: a reusable workflow of another repository. */
    private static final Pattern REMOTE_WORKFLOW = Pattern.compile("[\\w.-]+/[\\w.-]+/\\.github/workflows/[^@/\\s]+\\.ya?ml@[^@\\s]+");
    private static final Pattern LOCAL_WORKFLOW = Pattern.compile("\\./\\.github/workflows/[^@/\\s]+\\.ya?ml");

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, registry -> registry
                    .schemaLoader(loader -> loader
                            .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_HOME, PINNED_COPY))
                            .block(iri -> !iri.toString().startsWith(SCHEMA_HOME) && !iri.toString().startsWith(PINNED_COPY))))
            .getSchema(SchemaLocation.of(SCHEMA_ID));
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private WorkflowCheck() {
    }

    /** What is wrong with a workflow file, one line each; empty when GitHub would take it. */
    static List<String> problems(String workflowYaml) {
        JsonNode workflow;
        try {
            workflow = YAML.readTree(workflowYaml);
        } catch (JacksonException e) {
            return List.of("not YAML: " + e.getOriginalMessage());
        }
        if (workflow == null || !workflow.isObject()) return List.of("not a YAML mapping");
        List<String> problems = new ArrayList<>();
        for (Error error : SCHEMA.validate(workflow)) problems.add(error.toString());
        unresolvedNeeds(workflow, problems);
        malformedUses(workflow, problems);
        unclosedExpressions(workflow, "", problems);
        return problems;
    }

    private static void unresolvedNeeds(JsonNode workflow, List<String> problems) {
        JsonNode jobs = workflow.path("jobs");
        for (Map.Entry<String, JsonNode> job : jobs.properties()) {
            JsonNode needs = job.getValue().path("needs");
            List<JsonNode> names = needs.isArray() ? List.copyOf(needs.values()) : needs.isString() ? List.of(needs) : List.of();
            for (JsonNode name : names) {
                if (name.isString() && !jobs.has(name.stringValue())) {
                    problems.add("/jobs/" + job.getKey() + "/needs: no job " + name.stringValue() + " in this workflow");
                }
            }
        }
    }

    private static void malformedUses(JsonNode workflow, List<String> problems) {
        for (Map.Entry<String, JsonNode> job : workflow.path("jobs").properties()) {
            String where = "/jobs/" + job.getKey();
            JsonNode called = job.getValue().path("uses");
            if (called.isString() && !REMOTE_WORKFLOW.matcher(called.stringValue()).matches()
                    && !LOCAL_WORKFLOW.matcher(called.stringValue()).matches()) {
                problems.add(where + "/uses: " + called.stringValue()
                        + " is no reusable workflow (OWNER/REPO/.github/workflows/FILE.yml@REF or ./.github/workflows/FILE.yml)");
            }
            int index = 0;
            for (JsonNode step : job.getValue().path("steps").values()) {
                JsonNode uses = step.path("uses");
                if (uses.isString() && !uses.stringValue().startsWith("./") && !uses.stringValue().startsWith("docker://")
                        && !REMOTE_ACTION.matcher(uses.stringValue()).matches()) {
                    problems.add(where + "/steps/" + index + "/uses: " + uses.stringValue()
                            + " names no action (OWNER/REPO[/PATH]@REF, ./PATH or docker://IMAGE)");
                }
                index++;
            }
        }
    }

    /** Every `${{` in a key or string value is closed by a `}}` before the next `${{`. */
    private static void unclosedExpressions(JsonNode node, String where, List<String> problems) {
        if (node.isString()) {
            if (!expressionsClosed(node.stringValue())) problems.add((where.isEmpty() ? "/" : where) + ": a ${{ is not closed by }} in: " + node.stringValue());
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode item : node.values()) unclosedExpressions(item, where + "/" + index++, problems);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String path = where + "/" + property.getKey();
                if (!expressionsClosed(property.getKey())) problems.add(path + ": a ${{ is not closed by }} in the key");
                unclosedExpressions(property.getValue(), path, problems);
            }
        }
    }

    static boolean expressionsClosed(String text) {
        int open = text.indexOf("${{");
        while (open >= 0) {
            int close = text.indexOf("}}", open + 3);
            int next = text.indexOf("${{", open + 3);
            if (close < 0 || (next >= 0 && next < close)) return false;
            open = text.indexOf("${{", close + 2);
        }
        return true;
    }
}
