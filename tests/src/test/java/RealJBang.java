import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the project's JBang bootstrap (./jbang, JBang from Maven Central) as a user would, with its
 * own JBANG_DIR so that the user's catalogs and trust settings play no part, and the labs
 * catalog added under the name "labs" from this checkout.
 */
final class RealJBang {
    static final Path REPO = Path.of(System.getenv().getOrDefault("LABS_REPO", "..")).toAbsolutePath().normalize();
    private static final Pattern ALIAS = Pattern.compile("\"([a-z][a-z-]*)\"\\s*:\\s*\\{\\s*\"script-ref\"");
    private static Path jbangDir;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static synchronized Path jbangDir() throws IOException, InterruptedException {
        if (jbangDir == null) {
            jbangDir = Files.createTempDirectory("labs-jbang-dir");
            // --global: inside the checkout, a plain "catalog add" would write into its jbang-catalog.json.
            Result added = run(Map.of(), jbangDir, "catalog", "add", "--global", "--name", "labs",
                    REPO.resolve("jbang-catalog.json").toString());
            if (added.exitCode() != 0) throw new IllegalStateException("jbang catalog add failed: " + added);
        }
        return jbangDir;
    }

    static List<String> aliases() throws IOException {
        String catalog = Files.readString(REPO.resolve("jbang-catalog.json"));
        List<String> aliases = new ArrayList<>();
        Matcher matcher = ALIAS.matcher(catalog);
        while (matcher.find()) aliases.add(matcher.group(1));
        return aliases;
    }

    static Result run(Map<String, String> environment, Path workingDirectory, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("jbang").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Path out = Files.createTempFile("jbang-out", ".txt");
        Path err = Files.createTempFile("jbang-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
        if (jbangDir != null) builder.environment().put("JBANG_DIR", jbangDir.toString());
        builder.environment().remove("GITHUB_ACTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("jbang " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }
}
