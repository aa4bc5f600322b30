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
                    // LastChangedDate: "the last date and time that this secret was modified in any way" (API reference)
                    .lastChangedDate(secret.versions.values().stream().map(v -> v.created).max(Instant::compareTo).orElse(null))
                    .tags(tags.getOrDefault(secret.name, List.of())).deletedDate(deletedDates.get(secret.name)).build();
        });
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        return faults.call("secretsmanager:GetSecretValue", () -> {
            Secret secret = find(request.secretId());
            requireNotDeleted(secret);
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
            requireNotDeleted(secret);
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

    // ---- What provision and teardown call. A deleted secret waits out its recovery window (7 to 30
    // days, default 30) with a DeletedDate and keeps its name unless deleted with
    // ForceDeleteWithoutRecovery (which does not fail on a secret already deleted); RestoreSecret
    // cancels the deletion (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html,
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RestoreSecret.html). Meanwhile
    // CreateSecret of the name, reading or writing the value, and deleting it again without
    // ForceDeleteWithoutRecovery fail with InvalidRequestException ("the secret is scheduled for deletion",
    // https://docs.aws.amazon.com/botocore/latest/reference/services/secretsmanager/client/exceptions/InvalidRequestException.html).

    final Map<String, List<software.amazon.awssdk.services.secretsmanager.model.Tag>> tags = new LinkedHashMap<>();
    final Map<String, Instant> deletedDates = new LinkedHashMap<>();
    /** The recovery window in days of each secret scheduled for deletion. */
    final Map<String, Integer> recoveryWindows = new LinkedHashMap<>();

    String value(String name) {
        return value(name, CURRENT);
    }

    /** When a deletion was scheduled (the clock of the fakes stands still, so a fixed instant). */
    static final Instant DELETED_AT = Instant.parse("2026-11-26T12:00:00Z");

    private void requireNotDeleted(Secret secret) {
        if (deletedDates.containsKey(secret.name)) {
            throw software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException.builder().statusCode(400)
                    .message("You tried to perform the operation on a secret that's currently marked deleted.").build();
        }
    }

    @Override
    public software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse restoreSecret(
            software.amazon.awssdk.services.secretsmanager.model.RestoreSecretRequest request) {
        return faults.call("secretsmanager:RestoreSecret", () -> {
            Secret secret = find(request.secretId());
            deletedDates.remove(secret.name);
            return software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse.builder().arn(secret.arn)
                    .name(secret.name).build();
        });
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
            boolean force = Boolean.TRUE.equals(request.forceDeleteWithoutRecovery());
            Long window = request.recoveryWindowInDays();
            if (force && window != null) throw invalid("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
            if (window != null && (window < 7 || window > 30)) throw invalid("RecoveryWindowInDays must be between 7 and 30 days.");
            if (force) {
                secrets.remove(secret.name);
                tags.remove(secret.name);
                deletedDates.remove(secret.name);
            } else {
                requireNotDeleted(secret);
                deletedDates.put(secret.name, DELETED_AT);
                recoveryWindows.put(secret.name, window == null ? 30 : window.intValue());
            }
            return software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse.builder().arn(secret.arn)
                    .name(secret.name).build();
        });
    }

    /** TagResource replaces the value of a key the secret has; UntagResource removes keys (API reference). */
    @Override
    public software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse tagResource(
            software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest request) {
        return faults.call("secretsmanager:TagResource", () -> {
            Secret secret = find(request.secretId());
            List<software.amazon.awssdk.services.secretsmanager.model.Tag> kept = new ArrayList<>(tags.getOrDefault(secret.name, List.of()));
            kept.removeIf(t -> request.tags().stream().anyMatch(n -> n.key().equals(t.key())));
            kept.addAll(request.tags());
            tags.put(secret.name, kept);
            return software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.secretsmanager.model.UntagResourceResponse untagResource(
            software.amazon.awssdk.services.secretsmanager.model.UntagResourceRequest request) {
        return faults.call("secretsmanager:UntagResource", () -> {
            Secret secret = find(request.secretId());
            List<software.amazon.awssdk.services.secretsmanager.model.Tag> kept = new ArrayList<>(tags.getOrDefault(secret.name, List.of()));
            kept.removeIf(t -> request.tagKeys().contains(t.key()));
            tags.put(secret.name, kept);
            return software.amazon.awssdk.services.secretsmanager.model.UntagResourceResponse.builder().build();
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
