import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Every call labs makes to Secrets Manager, each AWS action in a small method: the stack's two
 * secrets as provision and teardown manage them, and one secret's versions as a rotation moves
 * them ({@link #secret}). Every value read or written is registered with the console as a secret
 * first, so that no output can show it; none is ever printed.
 */
final class SecretsManager {
    /** Staging labels per the Secrets Manager API reference, each on at most one version. */
    static final String CURRENT = "AWSCURRENT";
    static final String PENDING = "AWSPENDING";
    static final String PREVIOUS = "AWSPREVIOUS";

    /** A version of a secret: its ID, when it was created and its value (never printed). */
    record Version(String id, Instant created, String value) {
        @Override
        public String toString() {
            return "version " + id;
        }
    }

    /** A secret's labels: version ID by staging label, and whether a rotation Lambda owns it. */
    record Labels(String arn, Map<String, String> versionByStage, boolean rotationEnabled) {
        Optional<String> versionOf(String stage) {
            return Optional.ofNullable(versionByStage.get(stage));
        }

        /** A version labelled AWSPENDING that is not also AWSCURRENT (a finished rotation may leave both on one). */
        Optional<String> distinctPending() {
            return versionOf(PENDING).filter(pending -> !pending.equals(versionByStage.get(CURRENT)));
        }
    }

    private final LabsOptions labs;
    private final SecretsManagerClient secrets;
    private final Names names;
    private final Console console;

    SecretsManager(LabsOptions labs) {
        this.labs = labs;
        this.secrets = labs.aws().client(SecretsManagerClient.class, SecretsManagerClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

    // ---- The stack's secrets, for provision and teardown

    /**
     * A secret scheduled for deletion (a teardown's recovery window) still holds its name, and its
     * value cannot be read until it is restored. hostOf reads the host of a URL secret (null: the
     * value is not read).
     */
    Observed.Secret find(String name, java.util.function.UnaryOperator<String> hostOf) {
        DescribeSecretResponse secret;
        try {
            secret = secrets.describeSecret(r -> r.secretId(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        boolean managed = secret.tags().stream().anyMatch(t -> names.isOwnTag(t.key(), t.value()));
        boolean scheduledForDeletion = secret.deletedDate() != null;
        String host = hostOf != null && !scheduledForDeletion ? hostOf.apply(read(name)) : null;
        boolean resetPending = secret.tags().stream().anyMatch(t -> RESET_PENDING_TAG.equals(t.key()));
        return new Observed.Secret(name, secret.arn(), managed, host, scheduledForDeletion, resetPending);
    }

    /**
     * On the DATABASE_URL secret while the master password it holds may not have reached RDS yet:
     * provision stores the password first and removes the tag once RDS has taken it, so that a run
     * stopped in between is finished by the next one.
     */
    static final String RESET_PENDING_TAG = "labs:master-password-reset";

    /** Cancels a scheduled deletion: the secret, its versions and its ARN come back as they were. */
    void restore(String name) {
        secrets.restoreSecret(r -> r.secretId(name));
        console.detail("  restored secret " + name + " (it was scheduled for deletion)");
    }

    String read(String name) {
        String value = secrets.getSecretValue(r -> r.secretId(name)).secretString();
        console.secret(value);
        DatabaseUrl.tryParse(value).ifPresent(url -> console.secret(url.password()));
        RedisUrl.tryParse(value).ifPresent(url -> {
            console.secret(url.token());
            console.secret(url.encodedToken());
        });
        return value;
    }

    String create(String name, String value) {
        return create(name, value, Map.of());
    }

    /** CreateSecret with labs' tags and these. */
    String create(String name, String value, Map<String, String> moreTags) {
        String arn = create(name, value, "labs " + names.prefix() + ": injected into the containers by ECS", moreTags);
        console.detail("  created secret " + name);
        return arn;
    }

    /** CreateSecret with the stack's tags; returns the ARN. */
    String create(String name, String value, String description) {
        return create(name, value, description, Map.of());
    }

    private String create(String name, String value, String description, Map<String, String> moreTags) {
        console.secret(value);
        Map<String, String> tags = new TreeMap<>(names.tags());
        tags.putAll(moreTags);
        return secrets.createSecret(r -> r.name(name).secretString(value).description(description)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))
                .arn();
    }

    void put(String name, String value) {
        console.secret(value);
        secrets.putSecretValue(r -> r.secretId(name).secretString(value));
    }

    /** Days a deleted secret can be restored (the minimum Secrets Manager allows); provision restores it. */
    static final int RECOVERY_WINDOW_DAYS = 7;

    /** With the recovery window, or at once (ForceDeleteWithoutRecovery) when now. */
    void delete(String name, boolean now) {
        if (now) secrets.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
        else secrets.deleteSecret(r -> r.secretId(name).recoveryWindowInDays((long) RECOVERY_WINDOW_DAYS));
    }

    /**
     * As {@link #delete}; false when there was no such secret, or when it is already scheduled for
     * deletion and not now (a second DeleteSecret with a recovery window fails).
     */
    boolean deleteIfExists(String name, boolean now) {
        Optional<Described> described = describe(name);
        if (described.isEmpty() || described.get().scheduledForDeletion() && !now) return false;
        delete(name, now);
        return true;
    }

    /** DescribeSecret: ARN and when the value last changed; empty when there is no such secret (one scheduled for deletion counts). */
    Optional<Described> describe(String name) {
        try {
            DescribeSecretResponse secret = secrets.describeSecret(r -> r.secretId(name));
            return Optional.of(new Described(secret.arn(), secret.lastChangedDate(), secret.deletedDate() != null));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** What DescribeSecret tells about a secret: its ARN, when its value last changed (null when never), whether a teardown deleted it. */
    record Described(String arn, Instant lastChanged, boolean scheduledForDeletion) {
    }

    // ---- One secret's versions, for a rotation

    Secret secret(String name) {
        return new Secret(name);
    }

    /** One secret and its versions. */
    final class Secret {
        private final String name;

        private Secret(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        Labels labels() {
            DescribeSecretResponse secret = describe();
            Map<String, String> byStage = new TreeMap<>();
            secret.versionIdsToStages().forEach((version, stages) -> stages.forEach(stage -> byStage.put(stage, version)));
            return new Labels(secret.arn(), byStage, Boolean.TRUE.equals(secret.rotationEnabled()));
        }

        private DescribeSecretResponse describe() {
            try {
                return secrets.describeSecret(r -> r.secretId(name));
            } catch (ResourceNotFoundException e) {
                throw labs.notFound("Secret", name, "check --prefix and --region, or run provision");
            }
        }

        Version byStage(String stage) {
            return read(secrets.getSecretValue(r -> r.secretId(name).versionStage(stage)));
        }

        Version byId(String versionId) {
            return read(secrets.getSecretValue(r -> r.secretId(name).versionId(versionId)));
        }

        private Version read(GetSecretValueResponse response) {
            console.secret(response.secretString());
            if (response.secretString() == null) {
                throw LabsException.usage("Secret " + name + " " + response.versionId()
                        + " holds binary data, not a string: labs only rotates string secrets");
            }
            return new Version(response.versionId(), response.createdDate(), response.secretString());
        }

        /** Stores a value as the AWSPENDING version; the current version is untouched. Returns the version ID. */
        String putPending(String value) {
            return put(value, PENDING);
        }

        /** Stores a value as the AWSCURRENT version; the version that was current becomes AWSPREVIOUS. */
        String putCurrent(String value) {
            return put(value, CURRENT);
        }

        /**
         * The client request token becomes the version ID; choosing it here names the version before the
         * call, so that when the answer is lost the labels tell whether the value was stored.
         */
        private String put(String value, String stage) {
            console.secret(value);
            String versionId = UUID.randomUUID().toString();
            try {
                secrets.putSecretValue(r -> r.secretId(name).clientRequestToken(versionId).secretString(value).versionStages(stage));
            } catch (SdkClientException lost) {
                if (!labelled(versionId, stage)) throw lost;
            }
            return versionId;
        }

        /** Moves AWSCURRENT to the pending version; Secrets Manager moves AWSPREVIOUS to the old current one. */
        void makeCurrent(String pendingVersionId, String currentVersionId) {
            try {
                secrets.updateSecretVersionStage(r -> r.secretId(name).versionStage(CURRENT)
                        .moveToVersionId(pendingVersionId).removeFromVersionId(currentVersionId));
            } catch (SdkClientException lost) {
                if (!labelled(pendingVersionId, CURRENT)) throw lost;
            }
        }

        private boolean labelled(String versionId, String stage) {
            try {
                return labels().versionOf(stage).map(versionId::equals).orElse(false);
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The value of one of the secret's tags (DescribeSecret). */
        Optional<String> tag(String key) {
            return describe().tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
        }

        /** TagResource: sets the tag, replacing its value if the secret has it. */
        void tag(String key, String value) {
            secrets.tagResource(r -> r.secretId(name).tags(Tag.builder().key(key).value(value).build()));
        }

        void untag(String key) {
            secrets.untagResource(r -> r.secretId(name).tagKeys(key));
        }

        /** Takes AWSPENDING off a version; without labels it is deprecated and Secrets Manager may delete it. */
        void dropPending(String pendingVersionId) {
            secrets.updateSecretVersionStage(r -> r.secretId(name).versionStage(PENDING).removeFromVersionId(pendingVersionId));
        }
    }
}
