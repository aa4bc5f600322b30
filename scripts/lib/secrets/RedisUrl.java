import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL of a Redis with TLS and AUTH, as REDIS_URL and CELERY_BROKER_URL take it:
 * rediss://:TOKEN@HOST:6379/0?ssl_cert_reqs=required, the token percent-encoded. Celery's Redis
 * backend refuses a rediss:// URL without ssl_cert_reqs; "required" checks the server's certificate
 * (ElastiCache's is issued by Amazon, which the usual CA bundles trust). toString() never shows the token.
 */
record RedisUrl(String token, String host, int port) {
    /** The host of a URL stored before the cache has an endpoint. */
    static final String PENDING_HOST = "pending.invalid";
    static final String OPTIONS = "ssl_cert_reqs=required";
    private static final Pattern SHAPE = Pattern.compile("rediss://[^:@/]*:(?<token>[^@/]*)@(?<host>[^:/?#@]+)"
            + "(?::(?<port>\\d+))?(/.*)?", Pattern.CASE_INSENSITIVE);
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    static RedisUrl of(String token, String host) {
        return new RedisUrl(token, host, StackSpec.REDIS_PORT);
    }

    /** The URL with its token decoded; empty when the value is not a rediss:// URL with a password. */
    static Optional<RedisUrl> tryParse(String value) {
        Matcher matcher = SHAPE.matcher(value == null ? "" : value.trim());
        if (!matcher.matches() || matcher.group("token").isEmpty()) return Optional.empty();
        int port = matcher.group("port") == null ? StackSpec.REDIS_PORT : Integer.parseInt(matcher.group("port"));
        return Optional.of(new RedisUrl(DatabaseUrl.percentDecode(matcher.group("token")), matcher.group("host"), port));
    }

    /** The host of a stored URL, or null; for Observed.Secret. */
    static String hostOf(String value) {
        return tryParse(value).map(RedisUrl::host).orElse(null);
    }

    RedisUrl withHost(String newHost) {
        return new RedisUrl(token, newHost, port);
    }

    String encodedToken() {
        StringBuilder encoded = new StringBuilder();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && UNRESERVED.indexOf(c) >= 0) encoded.append(c);
            else encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.toString();
    }

    String value() {
        return "rediss://:" + encodedToken() + "@" + host + ":" + port + "/0?" + OPTIONS;
    }

    @Override
    public String toString() {
        return "rediss://:***@" + host + ":" + port + "/0?" + OPTIONS;
    }
}
