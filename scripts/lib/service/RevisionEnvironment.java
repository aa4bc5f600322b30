import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

/**
 * The app's environment as a task-definition revision stores it: the values in the container's
 * environment, and where each came from in the container's Docker labels, so that a copy of the
 * revision (every deploy makes one) carries both, and a rollback restores both.
 */
final class RevisionEnvironment {
    /** labs.env.NAME = default, app or set. */
    static final String SOURCE_LABEL = "labs.env.";
    /** Defaults removed with config unset, comma-separated: deploy does not bring them back. */
    static final String UNSET_LABEL = "labs.env-unset";
    /**
     * On a revision that `config --no-restart` registered: the ARN of the live revision it was made
     * from. While the service still runs that one, deploy starts from the pending revision.
     */
    static final String PENDING_FROM_LABEL = "labs.pending-from";
    /** labs.secret-changed.NAME: when config set --secret last stored the app secret NAME. */
    static final String SECRET_CHANGED_LABEL = "labs.secret-changed.";
    /** The stack's Redis URL, recorded by provision: the value of the defaults and of ${redis.url}. */
    static final String REDIS_URL_LABEL = "labs.redis-url";

    private RevisionEnvironment() {
    }

    static AppEnvironment read(ContainerDefinition container) {
        Map<String, String> values = new LinkedHashMap<>();
        container.environment().forEach(pair -> values.put(pair.name(), pair.value()));
        Map<String, AppEnvironment.Source> sources = new LinkedHashMap<>();
        Set<String> unset = new TreeSet<>();
        container.dockerLabels().forEach((label, value) -> {
            if (label.startsWith(SOURCE_LABEL)) {
                sourceNamed(value).ifPresent(source -> sources.put(label.substring(SOURCE_LABEL.length()), source));
            } else if (label.equals(UNSET_LABEL) && !value.isBlank()) {
                unset.addAll(Arrays.asList(value.split(",")));
            }
        });
        sources.keySet().retainAll(values.keySet());
        return new AppEnvironment(values, sources, unset);
    }

    private static java.util.Optional<AppEnvironment.Source> sourceNamed(String value) {
        return Arrays.stream(AppEnvironment.Source.values()).filter(s -> s.name().equalsIgnoreCase(value)).findFirst();
    }

    /** The container with this environment and its record of sources; other labels are kept. */
    static ContainerDefinition write(ContainerDefinition container, AppEnvironment environment, String redisUrl) {
        List<KeyValuePair> pairs = new ArrayList<>();
        environment.values().forEach((name, value) -> pairs.add(KeyValuePair.builder().name(name).value(value).build()));
        Map<String, String> labels = new LinkedHashMap<>();
        container.dockerLabels().forEach((label, value) -> {
            if (!label.startsWith(SOURCE_LABEL) && !label.equals(UNSET_LABEL)) labels.put(label, value);
        });
        environment.sources().forEach((name, source) -> {
            if (source != AppEnvironment.Source.REVISION) labels.put(SOURCE_LABEL + name, source.name().toLowerCase());
        });
        if (!environment.unset().isEmpty()) labels.put(UNSET_LABEL, String.join(",", environment.unset()));
        if (redisUrl != null) labels.put(REDIS_URL_LABEL, redisUrl);
        return container.toBuilder().environment(pairs).dockerLabels(labels).build();
    }

    /**
     * The stack's Redis URL as the revision knows it: recorded by provision, else (a hand-built
     * revision) its REDIS_URL unless the app or config set chose that value.
     */
    static String redisUrl(ContainerDefinition container) {
        String recorded = container.dockerLabels().get(REDIS_URL_LABEL);
        if (recorded != null) return recorded;
        AppEnvironment environment = read(container);
        AppEnvironment.Source source = environment.source(AppEnvironment.REDIS_URL);
        boolean stackValue = source == AppEnvironment.Source.DEFAULT || source == AppEnvironment.Source.REVISION;
        return stackValue ? environment.values().get(AppEnvironment.REDIS_URL) : null;
    }

    static AppEnvironment.StackValues stackValues(LabsOptions labs, ContainerDefinition container) {
        return new AppEnvironment.StackValues(redisUrl(container), labs.config().getPort(Setting.WEB_PORT),
                labs.names().prefix(), labs.names().app(), labs.aws().region().id());
    }

    /**
     * The container with its environment brought up to date with this run's settings: what every
     * deploy does (labs defaults, the app's labs.properties; config set values kept).
     */
    static ContainerDefinition refreshed(LabsOptions labs, ContainerDefinition container) {
        AppEnvironment.StackValues stack = stackValues(labs, container);
        Map<String, String> app = labs.config().appEnvironment();
        Map<String, String> expanded = app == null ? null
                : AppEnvironment.expand(app, stack, labs.config().appEnvironmentSource());
        if (expanded != null) {
            container.secrets().stream().filter(secret -> expanded.containsKey(secret.name())).findFirst().ifPresent(secret -> {
                throw LabsException.usage("env." + secret.name() + " in " + labs.config().appEnvironmentSource()
                        + " names a secret of the " + container.name() + " container: remove it there");
            });
        }
        AppEnvironment environment = read(container).refreshed(AppEnvironment.defaults(stack), expanded);
        return write(container, environment, stack.redisUrl());
    }

    /** The variables that a Redis with TLS and AUTH gets from the stack's Redis URL secret. */
    static final List<String> REDIS_SECRETS = List.of(AppEnvironment.REDIS_URL, AppEnvironment.CELERY_BROKER_URL);

    /** Whether the container reads REDIS_URL from the secret of the stack's Redis URL. */
    static boolean readsRedisSecret(ContainerDefinition container, String redisUrlSecretName) {
        return container.secrets().stream().anyMatch(s -> s.name().equals(AppEnvironment.REDIS_URL)
                && s.valueFrom().contains(":secret:" + redisUrlSecretName + "-"));
    }

    /**
     * The container reading REDIS_URL and CELERY_BROKER_URL from the secret (a Redis with TLS and
     * AUTH): their plain values and the recorded plain Redis URL go, since a variable cannot be both.
     */
    static ContainerDefinition withRedisSecret(ContainerDefinition container, String redisUrlSecretArn) {
        List<software.amazon.awssdk.services.ecs.model.Secret> secrets = new ArrayList<>(container.secrets());
        secrets.removeIf(s -> REDIS_SECRETS.contains(s.name()));
        REDIS_SECRETS.forEach(name -> secrets.add(software.amazon.awssdk.services.ecs.model.Secret.builder().name(name)
                .valueFrom(redisUrlSecretArn).build()));
        AppEnvironment environment = read(container);
        for (String name : REDIS_SECRETS) environment = environment.without(name, Set.of());
        Map<String, String> labels = new LinkedHashMap<>(container.dockerLabels());
        labels.remove(REDIS_URL_LABEL);
        return write(container.toBuilder().secrets(secrets).dockerLabels(labels).build(), environment, null);
    }

    /** The JSON key of a valueFrom that points into the secret named secretName, if it does. */
    static java.util.Optional<String> appSecretKey(String valueFrom, String secretName) {
        String[] parts = valueFrom.split(":", -1);
        // arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX:KEY:STAGE:VERSION
        if (parts.length < 8 || !parts[6].startsWith(secretName + "-") || parts[6].length() != secretName.length() + 7) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(parts[7]).filter(key -> !key.isEmpty());
    }

    /** The app-secret keys (PREFIX-app-secrets) that a container's secrets refer to. */
    static Set<String> appSecretKeys(ContainerDefinition container, String secretName) {
        Set<String> keys = new TreeSet<>();
        container.secrets().forEach(secret -> appSecretKey(secret.valueFrom(), secretName).ifPresent(keys::add));
        return keys;
    }
}
