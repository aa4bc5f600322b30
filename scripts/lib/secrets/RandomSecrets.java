import java.security.SecureRandom;

/** New secret values from a cryptographically strong source. */
final class RandomSecrets {
    /**
     * RFC 3986 unreserved characters: nothing to escape in DATABASE_URL, and none of the "/", "\"",
     * "@" or space that RDS rejects in MasterUserPassword (RDS API reference, ModifyDBInstance).
     */
    static final String PASSWORD_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    /** RDS for PostgreSQL accepts 8 to 128 characters. */
    static final int PASSWORD_LENGTH = 40;
    /**
     * Django's get_random_secret_key() alphabet without "$": django-environ reads a value that starts
     * with "$" as a reference to another variable.
     */
    static final String DJANGO_KEY_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)";
    static final int DJANGO_KEY_LENGTH = 50;

    /**
     * Letters and digits: ElastiCache takes 16 to 128 printable characters as an AUTH token, of the
     * special ones only !, &, #, $, ^, <, > and - (API reference, CreateReplicationGroup AuthToken),
     * and a token in a URL is simplest with none of them.
     */
    static final String TOKEN_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final int TOKEN_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    static String databasePassword() {
        return random(PASSWORD_CHARACTERS, PASSWORD_LENGTH);
    }

    static String redisAuthToken() {
        return random(TOKEN_CHARACTERS, TOKEN_LENGTH);
    }

    static String djangoSecretKey() {
        return random(DJANGO_KEY_CHARACTERS, DJANGO_KEY_LENGTH);
    }

    private static String random(String alphabet, int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return value.toString();
    }
}
