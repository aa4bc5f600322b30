import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every script, alias and option that a workflow passes to jbang exists: renaming a flag or an
 * alias breaks this test instead of the next deploy.
 */
class WorkflowCallsTest {
    private static final Pattern COMMAND_CLASS = Pattern.compile("@Command\\b[\\s\\S]*?\\bclass\\s+(\\w+)");

    @TestFactory
    Stream<DynamicTest> everyScriptAliasAndOptionAWorkflowRunsExists() throws IOException {
        List<Workflows.JBangCall> calls = new ArrayList<>();
        for (Path file : Workflows.files()) calls.addAll(Workflows.jbangCalls(Workflows.steps(file)));
        // A script computed by an earlier step: JBangActionStepsTest runs that step and parses what it computes.
        calls.removeIf(call -> call.scriptRef().startsWith("${{"));
        assertFalse(calls.isEmpty(), "no jbang call found in " + Workflows.DIRECTORY);
        return calls.stream().map(call -> DynamicTest.dynamicTest(call.toString(),
                () -> assertEquals(List.of(), problems(call), call.toString())));
    }

    @Test
    void theDeployWorkflowRunsDeployFromTheLabsRepositoryItTrusts() throws IOException {
        Path workflow = Workflows.DIRECTORY.resolve("deploy-labs.yml");
        List<Workflows.JBangCall> deploys = Workflows.jbangCalls(Workflows.steps(workflow)).stream()
                .filter(call -> "deploy".equals(call.alias()) && call.step().run() != null).toList();
        assertEquals(1, deploys.size(), "deploy calls: " + deploys);
        Workflows.JBangCall deploy = deploys.get(0);
        assertEquals("deploy@$LABS_SOURCE", deploy.scriptRef(), "deploy must be named by labs repository and version, never deploy@labs");
        assertEquals("${{ steps.labs.outputs.source }}", deploy.step().env().get("LABS_SOURCE"));
        Workflows.Step trust = Workflows.steps(workflow).stream()
                .filter(step -> step.run() != null && step.run().startsWith("jbang trust add")).findFirst()
                .orElseThrow(() -> new AssertionError("deploy-labs.yml does not trust the labs source"));
        assertEquals("${{ steps.labs.outputs.trust }}", trust.env().get("LABS_TRUST"));
        assertTrue(deploy.options().containsAll(List.of("--prefix", "--region", "--image", "--migrate")), deploy.toString());

        Workflows.Step inContainer = Workflows.step(workflow, "deploy-in-container");
        assertEquals("deploy@${{ steps.labs.outputs.source }}", inContainer.with().get("script"));
        assertEquals("${{ steps.labs.outputs.trust }}", inContainer.with().get("trust"));
    }

    @Test
    void aMissingAliasScriptOrOptionIsReported() throws Exception {
        List<Workflows.Step> steps = Workflows.steps("synthetic.yml", """
                jobs:
                  run:
                    runs-on: ubuntu-24.04
                    steps:
                      - name: Known
                        run: ./jbang --fresh ip@labs --url --wait=5m | tee out.txt
                      - name: Renamed flag
                        run: |
                          jbang trust add https://github.com/acme/labs/
                          jbang "ip@acme/labs/v1" --url ${SERVICE:+--service "$SERVICE"} ${{ inputs.all && '--every' || '' }}
                      - name: Unknown alias
                        uses: jbangdev/jbang-action@v0.132.1
                        with:
                          script: nope@labs
                          scriptargs: --prefix labs-jj
                      - name: Missing file
                        run: jbang scripts/missing.java --help
                """);
        List<Workflows.JBangCall> calls = Workflows.jbangCalls(steps);
        assertEquals(List.of("ip@labs", "ip@acme/labs/v1", "nope@labs", "scripts/missing.java"),
                calls.stream().map(Workflows.JBangCall::scriptRef).toList());
        assertEquals(List.of(), problems(calls.get(0)));
        assertEquals(List.of("ip has no option --every"), problems(calls.get(1)).stream().map(p -> p.replaceAll(" \\(.*", "")).toList());
        assertTrue(problems(calls.get(2)).get(0).startsWith("alias 'nope' is not in jbang-catalog.json"), problems(calls.get(2)).toString());
        assertTrue(problems(calls.get(3)).get(0).startsWith("script scripts/missing.java does not exist"), problems(calls.get(3)).toString());
    }

    @Test
    void aRequiredOptionThatTheCallNeverPassesIsReported(@TempDir Path directory) throws Exception {
        Path script = Files.writeString(directory.resolve("greet.java"), "@Command(name = \"greet\")\nclass GreetCommand {}\n");
        List<Workflows.JBangCall> calls = Workflows.jbangCalls(Workflows.steps("synthetic.yml", """
                jobs:
                  run:
                    runs-on: ubuntu-24.04
                    steps:
                      - run: jbang %1$s --loud
                      - run: jbang %1$s ${NAME:+--name "$NAME"}
                """.formatted(script)));
        assertEquals(List.of("greet requires --name, which the call never passes"), problems(calls.get(0)));
        assertEquals(List.of(), problems(calls.get(1)));
    }

    /** What is wrong with a call: an unknown alias, a missing script, an option its command lacks or needs. */
    static List<String> problems(Workflows.JBangCall call) throws Exception {
        String scriptRef;
        if (call.alias() == null) {
            scriptRef = call.scriptRef();
        } else {
            Map<String, Map<String, String>> aliases = catalogAliases();
            if (!aliases.containsKey(call.alias())) {
                return List.of("alias '" + call.alias() + "' is not in jbang-catalog.json (it has " + aliases.keySet() + ")");
            }
            scriptRef = aliases.get(call.alias()).get("script-ref");
        }
        Path script = RealJBang.REPO.resolve(scriptRef);
        if (!Files.isRegularFile(script)) return List.of("script " + scriptRef + " does not exist");
        Matcher commandClass = COMMAND_CLASS.matcher(Files.readString(script));
        if (!commandClass.find()) return List.of(scriptRef + " declares no picocli @Command class");
        CommandSpec spec = new CommandLine(Class.forName(commandClass.group(1)).getDeclaredConstructor().newInstance())
                .getCommandSpec();
        List<String> problems = new ArrayList<>();
        for (String option : call.options()) {
            if (spec.findOption(option) == null) {
                problems.add(spec.name() + " has no option " + option + " (it has "
                        + spec.options().stream().map(CommandLine.Model.OptionSpec::longestName).sorted().toList() + ")");
            }
        }
        for (CommandLine.Model.OptionSpec required : spec.options()) {
            if (required.required() && List.of(required.names()).stream().noneMatch(call.options()::contains)) {
                problems.add(spec.name() + " requires " + required.longestName() + ", which the call never passes");
            }
        }
        return problems;
    }

    /** A new instance of the picocli command class that a catalog alias runs. */
    static Object command(String alias) throws Exception {
        Map<String, String> entry = catalogAliases().get(alias);
        if (entry == null) throw new AssertionError("alias '" + alias + "' is not in jbang-catalog.json");
        Matcher commandClass = COMMAND_CLASS.matcher(Files.readString(RealJBang.REPO.resolve(entry.get("script-ref"))));
        if (!commandClass.find()) throw new AssertionError(entry.get("script-ref") + " declares no picocli @Command class");
        return Class.forName(commandClass.group(1)).getDeclaredConstructor().newInstance();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> catalogAliases() throws IOException {
        Map<String, Object> catalog = new Yaml().load(Files.readString(RealJBang.REPO.resolve("jbang-catalog.json")));
        return (Map<String, Map<String, String>>) catalog.get("aliases");
    }
}

/** A command with a required option, for the check above. */
@CommandLine.Command(name = "greet")
class GreetCommand {
    @CommandLine.Option(names = "--name", required = true)
    String name;

    @CommandLine.Option(names = "--loud")
    boolean loud;
}
