import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.*;

/**
 * In-memory Secrets Manager (API reference): ARNs end in a random six-character suffix; a deleted
 * secret waits out its recovery window (its name stays taken, CreateSecret answers
 * InvalidRequestException) unless deleted with ForceDeleteWithoutRecovery.
 */
class FakeSecretsManager implements SecretsManagerClient {
    /** One secret as stored; value is its AWSCURRENT version. */
    static final class Stored {
        String arn;
        String value;
        List<software.amazon.awssdk.services.secretsmanager.model.Tag> tags = List.of();
        Instant deletedDate;
    }

    Faults faults = new Faults();
    final Map<String, Stored> secrets = new LinkedHashMap<>();
    private int counter;

    private Stored require(String idOrArn) {
        Stored stored = secrets.get(idOrArn);
        if (stored == null) stored = secrets.values().stream().filter(s -> s.arn.equals(idOrArn)).findFirst().orElse(null);
        if (stored == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("Secrets Manager can't find the specified secret.").build();
        }
        return stored;
    }

    String value(String name) {
        return secrets.get(name).value;
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        Stored stored = require(request.secretId());
        String name = secrets.entrySet().stream().filter(e -> e.getValue() == stored).findFirst().orElseThrow().getKey();
        return DescribeSecretResponse.builder().arn(stored.arn).name(name).tags(stored.tags).deletedDate(stored.deletedDate).build();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        Stored stored = require(request.secretId());
        if (stored.deletedDate != null) {
            throw InvalidRequestException.builder().statusCode(400)
                    .message("You can't perform this operation on the secret because it was marked for deletion.").build();
        }
        return GetSecretValueResponse.builder().arn(stored.arn).secretString(stored.value).versionStages("AWSCURRENT").build();
    }

    @Override
    public CreateSecretResponse createSecret(CreateSecretRequest request) {
        return faults.call("secretsmanager:CreateSecret", () -> {
            Stored existing = secrets.get(request.name());
            if (existing != null && existing.deletedDate != null) {
                throw InvalidRequestException.builder().statusCode(400)
                        .message("You can't create this secret because a secret with this name is already scheduled for deletion.").build();
            }
            if (existing != null) throw ResourceExistsException.builder().statusCode(400).message("The operation failed because the secret "
                    + request.name() + " already exists.").build();
            Stored stored = new Stored();
            stored.arn = "arn:aws:secretsmanager:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":secret:" + request.name() + "-"
                    + String.format("%06d", ++counter).replace('0', 'a');
            stored.value = request.secretString();
            stored.tags = request.tags();
            secrets.put(request.name(), stored);
            return CreateSecretResponse.builder().arn(stored.arn).name(request.name()).build();
        });
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        return faults.call("secretsmanager:PutSecretValue", () -> {
            Stored stored = require(request.secretId());
            stored.value = request.secretString();
            return PutSecretValueResponse.builder().arn(stored.arn).build();
        });
    }

    @Override
    public DeleteSecretResponse deleteSecret(DeleteSecretRequest request) {
        return faults.call("secretsmanager:DeleteSecret", () -> {
            Stored stored = require(request.secretId());
            if (Boolean.TRUE.equals(request.forceDeleteWithoutRecovery())) secrets.values().remove(stored);
            else stored.deletedDate = Instant.parse("2026-11-26T12:00:00Z");
            return DeleteSecretResponse.builder().arn(stored.arn).build();
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
