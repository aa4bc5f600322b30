import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * One Secrets Manager secret and its versions, each AWS action in a small method. Every value read
 * or written is registered with the console as a secret first, so that no output can show it.
 * Staging labels per the Secrets Manager API reference: AWSCURRENT, AWSPENDING, AWSPREVIOUS, each
 * on at most one version.
 */
final class Secrets {
    static final String CURRENT = "AWSCURRENT";
    static final String PENDING = "AWSPENDING";
    static final String PREVIOUS = "AWSPREVIOUS";

    /** A version of the secret: its ID, when it was created and its value (never printed). */
    record Version(String id, Instant created, String value) {
        @Override
        public String toString() {
            return "version " + id;
        }
    }

    /** The secret's labels: version ID by staging label, and whether a rotation Lambda owns it. */
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
    private final SecretsManagerClient client;
    private final String name;

    Secrets(LabsOptions labs, String name) {
        this.labs = labs;
        this.client = labs.aws().client(SecretsManagerClient.class, SecretsManagerClient::builder);
        this.name = name;
    }

    String name() {
        return name;
    }

    Labels labels() {
        DescribeSecretResponse secret = describe();
        Map<String, String> byStage = new java.util.TreeMap<>();
        secret.versionIdsToStages().forEach((version, stages) -> stages.forEach(stage -> byStage.put(stage, version)));
        return new Labels(secret.arn(), byStage, Boolean.TRUE.equals(secret.rotationEnabled()));
    }

    private DescribeSecretResponse describe() {
        try {
            return client.describeSecret(r -> r.secretId(name));
        } catch (ResourceNotFoundException e) {
            throw labs.notFound("Secret", name, "check --prefix and --region, or run provision");
        }
    }

    Version byStage(String stage) {
        return read(client.getSecretValue(r -> r.secretId(name).versionStage(stage)));
    }

    Version byId(String versionId) {
        return read(client.getSecretValue(r -> r.secretId(name).versionId(versionId)));
    }

    private Version read(GetSecretValueResponse response) {
        labs.console().secret(response.secretString());
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
        labs.console().secret(value);
        String versionId = UUID.randomUUID().toString();
        try {
            client.putSecretValue(r -> r.secretId(name).clientRequestToken(versionId).secretString(value).versionStages(stage));
        } catch (SdkClientException lost) {
            if (!labelled(versionId, stage)) throw lost;
        }
        return versionId;
    }

    /** Moves AWSCURRENT to the pending version; Secrets Manager moves AWSPREVIOUS to the old current one. */
    void makeCurrent(String pendingVersionId, String currentVersionId) {
        try {
            client.updateSecretVersionStage(r -> r.secretId(name).versionStage(CURRENT)
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
        client.updateSecretVersionStage(r -> r.secretId(name).versionStage(PENDING).removeFromVersionId(pendingVersionId));
    }
}
