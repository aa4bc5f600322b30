import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

/**
 * In-memory Secrets Manager: secrets with versions and staging labels. Sources, Secrets Manager API
 * reference:
 * <ul>
 * <li>PutSecretValue: the ClientRequestToken becomes the version ID; repeating a token with the same
 * value does nothing, with another value fails (ResourceExistsException); VersionStages defaults to
 * AWSCURRENT; a label attached elsewhere moves to the new version; moving AWSCURRENT moves
 * AWSPREVIOUS to the version it left.</li>
 * <li>UpdateSecretVersionStage: MoveToVersionId attaches the label; when it is attached to another
 * version, RemoveFromVersionId must name that version or the call fails (InvalidParameterException);
 * RemoveFromVersionId alone detaches it; moving AWSCURRENT moves AWSPREVIOUS along. A version left
 * without labels is deprecated.</li>
 * <li>GetSecretValue: by VersionId or VersionStage (default AWSCURRENT); both must name the same
 * version; an unknown one gives ResourceNotFoundException.</li>
 * <li>DescribeSecret: VersionIdsToStages lists only versions that have labels.</li>
 * </ul>
 */
class FakeSecretsManager implements SecretsManagerClient {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    static final class Version {
        final String id;
        final String value;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();

        Version(String id, String value, Instant created) {
            this.id = id;
            this.value = value;
            this.created = created;
        }
    }

    static final class Secret {
        final String name;
        final String arn;
        final Map<String, Version> versions = new LinkedHashMap<>();
        boolean rotationEnabled;

        Secret(String name) {
            this.name = name;
            this.arn = "arn:aws:secretsmanager:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":secret:" + name + "-AbCdEf";
        }

        Optional<Version> withStage(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst();
        }
    }

    final Map<String, Secret> secrets = new LinkedHashMap<>();
    Faults faults = new Faults();

    /** A secret whose first version (created a day ago) is current. */
    FakeSecretsManager secret(String name, String value) {
        Secret secret = new Secret(name);
        Version version = new Version(UUID.randomUUID().toString(), value, Instant.now().minusSeconds(86_400));
        version.stages.add(CURRENT);
        secret.versions.put(version.id, version);
        secrets.put(name, secret);
        return this;
    }

    Secret get(String name) {
        return secrets.get(name);
    }

    String value(String name, String stage) {
        return get(name).withStage(stage).map(v -> v.value).orElse(null);
    }

    private Secret find(String secretId) {
        return secrets.values().stream().filter(s -> s.name.equals(secretId) || s.arn.equals(secretId)).findFirst()
                .orElseThrow(() -> ResourceNotFoundException.builder().statusCode(400)
                        .message("Secrets Manager can't find the specified secret.").build());
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        return faults.call("secretsmanager:DescribeSecret", () -> {
            Secret secret = find(request.secretId());
            Map<String, List<String>> stages = new LinkedHashMap<>();
            secret.versions.values().stream().filter(v -> !v.stages.isEmpty())
                    .forEach(v -> stages.put(v.id, new ArrayList<>(v.stages)));
            return DescribeSecretResponse.builder().arn(secret.arn).name(secret.name)
                    .rotationEnabled(secret.rotationEnabled).versionIdsToStages(stages)
                    .tags(tags.getOrDefault(secret.name, List.of())).deletedDate(deletedDates.get(secret.name)).build();
        });
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        return faults.call("secretsmanager:GetSecretValue", () -> {
            Secret secret = find(request.secretId());
            Version version;
            if (request.versionId() != null) {
                version = secret.versions.get(request.versionId());
                if (version == null) throw notFound("VersionId: " + request.versionId());
                if (request.versionStage() != null && !version.stages.contains(request.versionStage())) {
                    throw InvalidParameterException.builder().statusCode(400)
                            .message("VersionId and VersionStage name different versions.").build();
                }
            } else {
                String stage = request.versionStage() == null ? CURRENT : request.versionStage();
                version = secret.withStage(stage).orElseThrow(() -> notFound("staging label: " + stage));
            }
            return GetSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(version.id)
                    .secretString(version.value).versionStages(version.stages).createdDate(version.created).build();
        });
    }

    private static ResourceNotFoundException notFound(String what) {
        return ResourceNotFoundException.builder().statusCode(400)
                .message("Secrets Manager can't find the specified secret value for " + what).build();
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        return faults.call("secretsmanager:PutSecretValue", () -> {
            Secret secret = find(request.secretId());
            String id = request.clientRequestToken() == null ? UUID.randomUUID().toString() : request.clientRequestToken();
            Version existing = secret.versions.get(id);
            if (existing != null) {
                if (!existing.value.equals(request.secretString())) {
                    throw ResourceExistsException.builder().statusCode(400)
                            .message("You can't modify an existing version, you can only create a new version.").build();
                }
                return putResponse(secret, existing);
            }
            Version version = new Version(id, request.secretString(), Instant.now());
            secret.versions.put(id, version);
            List<String> stages = request.hasVersionStages() ? request.versionStages() : List.of(CURRENT);
            stages.forEach(stage -> attach(secret, stage, version));
            return putResponse(secret, version);
        });
    }

    private static PutSecretValueResponse putResponse(Secret secret, Version version) {
        return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(version.id)
                .versionStages(version.stages).build();
    }

    /** Attaches a label, taking it off the version that had it; AWSPREVIOUS follows AWSCURRENT's old version. */
    private static void attach(Secret secret, String stage, Version version) {
        Optional<Version> holder = secret.withStage(stage).filter(v -> v != version);
        holder.ifPresent(v -> v.stages.remove(stage));
        version.stages.add(stage);
        if (CURRENT.equals(stage) && holder.isPresent()) {
            secret.withStage(PREVIOUS).ifPresent(v -> v.stages.remove(PREVIOUS));
            holder.get().stages.add(PREVIOUS);
        }
    }

    @Override
    public UpdateSecretVersionStageResponse updateSecretVersionStage(UpdateSecretVersionStageRequest request) {
        return faults.call("secretsmanager:UpdateSecretVersionStage", () -> {
            Secret secret = find(request.secretId());
            String stage = request.versionStage();
            Optional<Version> holder = secret.withStage(stage);
            String removeFrom = request.removeFromVersionId();
            if (removeFrom != null && !holder.map(v -> v.id.equals(removeFrom)).orElse(false)) {
                throw invalid("The staging label " + stage + " is not attached to version " + removeFrom + ".");
            }
            if (request.moveToVersionId() == null) {
                if (removeFrom == null) throw invalid("Specify MoveToVersionId, RemoveFromVersionId or both.");
                if (CURRENT.equals(stage)) throw invalid("You can't remove the staging label AWSCURRENT; move it instead.");
                holder.get().stages.remove(stage);
            } else {
                Version target = secret.versions.get(request.moveToVersionId());
                if (target == null) throw notFound("VersionId: " + request.moveToVersionId());
                if (holder.isPresent() && holder.get() != target && removeFrom == null) {
                    throw invalid("The staging label " + stage + " is attached to version " + holder.get().id
                            + "; name it in RemoveFromVersionId to move the label.");
                }
                attach(secret, stage, target);
            }
            return UpdateSecretVersionStageResponse.builder().arn(secret.arn).name(secret.name).build();
        });
    }

    private static InvalidParameterException invalid(String message) {
        return InvalidParameterException.builder().statusCode(400).message(message).build();
    }

    // ---- What provision and teardown call (Secrets Manager API reference: CreateSecret, DeleteSecret).
    // A deleted secret waits out its recovery window and keeps its name (CreateSecret then answers
    // InvalidRequestException) unless deleted with ForceDeleteWithoutRecovery.

    final Map<String, List<software.amazon.awssdk.services.secretsmanager.model.Tag>> tags = new LinkedHashMap<>();
    final Map<String, Instant> deletedDates = new LinkedHashMap<>();

    String value(String name) {
        return value(name, CURRENT);
    }

    @Override
    public software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse createSecret(
            software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest request) {
        return faults.call("secretsmanager:CreateSecret", () -> {
            if (deletedDates.containsKey(request.name())) {
                throw software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException.builder().statusCode(400)
                        .message("You can't create this secret because a secret with this name is already scheduled for deletion.").build();
            }
            if (secrets.containsKey(request.name())) {
                throw ResourceExistsException.builder().statusCode(400)
                        .message("The operation failed because the secret " + request.name() + " already exists.").build();
            }
            secret(request.name(), request.secretString());
            tags.put(request.name(), request.tags());
            Secret secret = get(request.name());
            return software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse.builder().arn(secret.arn)
                    .name(secret.name).build();
        });
    }

    @Override
    public software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse deleteSecret(
            software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest request) {
        return faults.call("secretsmanager:DeleteSecret", () -> {
            Secret secret = find(request.secretId());
            if (Boolean.TRUE.equals(request.forceDeleteWithoutRecovery())) {
                secrets.remove(secret.name);
                tags.remove(secret.name);
                deletedDates.remove(secret.name);
            } else {
                deletedDates.put(secret.name, Instant.parse("2026-11-26T12:00:00Z"));
            }
            return software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse.builder().arn(secret.arn)
                    .name(secret.name).build();
        });
    }

    @Override
    public String serviceName() {
        return "secretsmanager";
    }

    @Override
    public void close() {
    }
}
