import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The stack's two secrets in Secrets Manager. Every value is registered with the console so that
 * it is masked everywhere; none is ever printed.
 */
final class SecretStore {
    private final SecretsManagerClient secrets;
    private final Names names;
    private final Console console;

    SecretStore(LabsOptions labs) {
        this.secrets = labs.aws().client(SecretsManagerClient.class, SecretsManagerClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

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
}
