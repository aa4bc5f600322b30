//DEPS software.amazon.awssdk:secretsmanager

import java.net.URI;
import java.security.SecureRandom;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The stack's two secrets in Secrets Manager. Values are generated here, registered with the console
 * so that they are masked everywhere, and never printed.
 */
final class SecretStore {
    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

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
        boolean managed = secret.tags().stream().anyMatch(t -> Names.PREFIX_TAG.equals(t.key()) && names.prefix().equals(t.value()));
        return new Observed.Secret(name, secret.arn(), managed, databaseUrl ? host(read(name)) : null);
    }

    String read(String name) {
        String value = secrets.getSecretValue(r -> r.secretId(name)).secretString();
        console.secret(value);
        if (value != null) console.secret(passwordOf(value));
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

    /** Letters and digits only: RDS refuses / @ " and spaces in passwords, and a URL needs no escaping. */
    String generate(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) value.append(LETTERS_AND_DIGITS.charAt(RANDOM.nextInt(LETTERS_AND_DIGITS.length())));
        console.secret(value.toString());
        return value.toString();
    }

    static String databaseUrl(String user, String password, String host, String database) {
        return "postgres://" + user + ":" + password + "@" + host + ":" + StackSpec.POSTGRES_PORT + "/" + database;
    }

    static String host(String databaseUrl) {
        try {
            return URI.create(databaseUrl).getHost();
        } catch (RuntimeException notAUrl) {
            return null;
        }
    }

    static String passwordOf(String databaseUrl) {
        try {
            String userInfo = URI.create(databaseUrl).getRawUserInfo();
            return userInfo == null || !userInfo.contains(":") ? null : userInfo.substring(userInfo.indexOf(':') + 1);
        } catch (RuntimeException notAUrl) {
            return null;
        }
    }
}
