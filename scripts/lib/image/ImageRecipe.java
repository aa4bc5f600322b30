import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What goes into the image, from configuration: everything but the files themselves. */
record ImageRecipe(String base, String platform, PythonLayer.Target python, String buildPython, String requirements,
        String basePackages, String uvGroups, String buildCommand, List<String> buildOutput, String entryScripts, List<String> entrypoint,
        List<String> command, String workingDirectory, String user, Map<String, String> environment, int port,
        String source, Path cache, String docker, String installer, String indexUrl) {

    /** What the app's Dockerfile sets with ENV; labs.image.env.NAME and --env override or add. */
    static final Map<String, String> DEFAULT_ENVIRONMENT = defaultEnvironment();

    private static Map<String, String> defaultEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PYTHONUNBUFFERED", "1");
        environment.put("DEBUG", "0");
        environment.put("DJANGO_SETTINGS_MODULE", "config.settings.staging");
        return environment;
    }

    /**
     * @param environmentOptions NAME=VALUE pairs from the command line; an empty value removes a variable
     * @param home the user's home folder, for the default cache
     */
    static ImageRecipe from(Config config, List<String> environmentOptions, Path home) {
        Map<String, String> environment = new LinkedHashMap<>(DEFAULT_ENVIRONMENT);
        environment.putAll(config.imageEnvironment());
        for (String option : environmentOptions) {
            int equals = option.indexOf('=');
            if (equals <= 0) throw LabsException.usage("--env takes NAME=VALUE, got '" + option + "'");
            environment.put(option.substring(0, equals), option.substring(equals + 1));
        }
        environment.values().removeIf(String::isEmpty);
        String user = config.get(Setting.IMAGE_USER);
        if (!user.matches("\\d+(:\\d+)?")) {
            throw LabsException.usage("labs.image.user must be numeric, uid or uid:gid (such as 1000:1000), got '" + user
                    + "': Jib cannot create a user the way the Dockerfile's adduser does");
        }
        String workingDirectory = config.get(Setting.IMAGE_WORKDIR);
        if (!workingDirectory.startsWith("/")) throw LabsException.usage("labs.image.workdir must be absolute, got '" + workingDirectory + "'");
        return new ImageRecipe(config.get(Setting.IMAGE_BASE), config.get(Setting.IMAGE_PLATFORM),
                new PythonLayer.Target(config.get(Setting.IMAGE_PLATFORM), config.get(Setting.IMAGE_PYTHON_VERSION),
                        config.get(Setting.IMAGE_GLIBC), config.get(Setting.IMAGE_PYTHON)),
                config.get(Setting.IMAGE_BUILD_PYTHON), config.get(Setting.IMAGE_REQUIREMENTS),
                config.get(Setting.IMAGE_BASE_PACKAGES), config.get(Setting.IMAGE_UV_GROUPS), config.get(Setting.IMAGE_BUILD_COMMAND),
                PythonLayer.splitList(config.get(Setting.IMAGE_BUILD_OUTPUT)), config.get(Setting.IMAGE_ENTRY_SCRIPTS),
                words(config.get(Setting.IMAGE_ENTRYPOINT)), words(config.get(Setting.IMAGE_CMD)), workingDirectory, user,
                environment, config.getPort(Setting.WEB_PORT), config.get(Setting.IMAGE_SOURCE),
                config.cacheFolder(home), config.get(Setting.IMAGE_DOCKER),
                config.get(Setting.IMAGE_INSTALLER), config.get(Setting.IMAGE_INDEX_URL));
    }

    /** "none" means no value at all, since an empty setting falls back to the default. */
    static List<String> words(String value) {
        if (value == null || value.isBlank() || value.strip().equals("none")) return List.of();
        return Arrays.stream(value.strip().split("\\s+")).toList();
    }
}
