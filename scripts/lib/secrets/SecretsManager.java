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

    /** A secret scheduled for deletion still holds its name: provision cannot go on until it is restored or gone. */
    Observed.Secret find(String name, boolean databaseUrl) {
        DescribeSecretResponse secret;
        try {
            secret = secrets.describeSecret(r -> r.secretId(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        if (secret.deletedDate() != null) {
            throw LabsException.failed("The secret " + name + " is scheduled for deletion and blocks its name: restore it with "
                    + "`aws secretsmanager restore-secret --secret-id " + name + "` or remove it for good with "
                    + "`aws secretsmanager delete-secret --force-delete-without-recovery --secret-id " + name + "`");
        }
        boolean managed = secret.tags().stream().anyMatch(t -> names.isOwnTag(t.key(), t.value()));
        String host = databaseUrl ? DatabaseUrl.tryParse(read(name)).map(DatabaseUrl::host).orElse(null) : null;
        return new Observed.Secret(name, secret.arn(), managed, host);
    }

    String read(String name) {
        String value = secrets.getSecretValue(r -> r.secretId(name)).secretString();
        console.secret(value);
        DatabaseUrl.tryParse(value).ifPresent(url -> console.secret(url.password()));
        return value;
    }

    String create(String name, String value) {
        console.secret(value);
        String arn = secrets.createSecret(r -> r.name(name).secretString(value)
                .description("labs " + names.prefix() + ": injected into the containers by ECS")
                .tags(names.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))
                .arn();
        console.detail("  created secret " + name);
        return arn;
    }

    void put(String name, String value) {
        console.secret(value);
        secrets.putSecretValue(r -> r.secretId(name).secretString(value));
    }

    /** Without the recovery window, so that the next provision with this prefix can use the name again. */
    void delete(String name) {
        secrets.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
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

        /** Takes AWSPENDING off a version; without labels it is deprecated and Secrets Manager may delete it. */
        void dropPending(String pendingVersionId) {
            secrets.updateSecretVersionStage(r -> r.secretId(name).versionStage(PENDING).removeFromVersionId(pendingVersionId));
        }
    }
}
