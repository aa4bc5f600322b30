import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The app's own secrets: one Secrets Manager secret per environment, PREFIX-app-secrets, holding a
 * JSON object with one key per variable. ECS injects a key with valueFrom ARN:KEY:: (Fargate platform
 * 1.4.0 or later) when a task starts. Created by the first `config set --secret`, so that an app
 * without secrets does not pay for one. Every value read or written is registered with the console
 * as a secret first.
 */
final class AppSecrets {
    /** The secret as it is now: ARN, the values by key, when it last changed. */
    record Stored(String arn, Map<String, String> values, Instant lastChanged) {
        @Override
        public String toString() {
            return arn + " (" + values.size() + " keys)";
        }
    }

    private final SecretsManager secrets;
    private final Console console;
    private final Names names;

    AppSecrets(LabsOptions labs) {
        this.secrets = new SecretsManager(labs);
        this.console = labs.console();
        this.names = labs.names();
    }

    String name() {
        return names.appSecrets();
    }

    /** DescribeSecret and GetSecretValue; empty when the secret does not exist (yet). */
    Optional<Stored> read() {
        Optional<SecretsManager.Described> described = secrets.describe(name());
        if (described.isEmpty()) return Optional.empty();
        if (described.get().scheduledForDeletion()) secrets.restore(name());
        Map<String, String> values = parse(secrets.read(name()));
        values.values().forEach(console::secret);
        return Optional.of(new Stored(described.get().arn(), values, described.get().lastChanged()));
    }

    /** Whether PREFIX-app-secrets exists (one not yet deleted for good counts). */
    boolean exists() {
        return secrets.describe(name()).isPresent();
    }

    /** One line for provision: whether the app has secrets, and how to add one. */
    String report() {
        return secrets.describe(name()).map(secret -> "App secrets: " + name()
                        + (secret.lastChanged() == null ? "" : ", changed " + secret.lastChanged())
                        + " (jbang config@labs lists them; the execution role may read it)")
                .orElse("App secrets: none yet (jbang config@labs set --secret NAME creates " + name()
                        + ", which the execution role may read)");
    }

    /** When a whole secret (the stack's own two, say) last changed; null when unknown. */
    Instant lastChanged(String secretName) {
        return secrets.describe(secretName).map(SecretsManager.Described::lastChanged).orElse(null);
    }

    /** PutSecretValue, or CreateSecret when there is none yet; returns the ARN. */
    String write(Optional<Stored> current, Map<String, String> values) {
        values.values().forEach(console::secret);
        String json = Json.write(values);
        console.secret(json);
        if (current.isPresent()) {
            secrets.put(name(), json);
            return current.get().arn();
        }
        String arn = secrets.create(name(), json,
                "labs " + names.prefix() + ": the app's secrets (jbang config@labs set --secret NAME)");
        console.info("Created secret " + name());
        return arn;
    }

    /** With the recovery window unless now, as the stack's own secrets; the next config command restores it. */
    boolean deleteIfExists(boolean now) {
        return secrets.deleteIfExists(name(), now);
    }

    private Map<String, String> parse(String json) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode node;
        try {
            node = JsonNode.parser().parse(json);
        } catch (RuntimeException e) {
            throw LabsException.failed("The secret " + name() + " does not hold a JSON object: fix or delete it");
        }
        if (!node.isObject()) throw LabsException.failed("The secret " + name() + " does not hold a JSON object: fix or delete it");
        node.asObject().forEach((key, value) -> values.put(key, value.isString() ? value.asString() : value.toString()));
        return values;
    }

    /** ECS's reference to one key: the secret's ARN, the JSON key, default version stage and id. */
    static String valueFrom(String arn, String key) {
        return arn + ":" + key + "::";
    }
}
