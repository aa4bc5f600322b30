import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL DATABASE_URL (django-environ's format) split so that only the password changes:
 * SCHEME://USER:PASSWORD@LOCATION, where LOCATION is HOST[:PORT]/DATABASE[?OPTIONS] kept as it is.
 * toString() never shows the password.
 */
record DatabaseUrl(String scheme, String user, String password, String host, int port, String database, String location) {
    private static final Pattern SHAPE = Pattern.compile("(?<scheme>postgres|postgresql|pgsql|postgis)://"
            + "(?<user>[^:/@]+):(?<password>[^/]*)@"
            + "(?<location>(?<host>[^:/?#@]+)(?::(?<port>\\d+))?/(?<database>[^/?#]+)([?#].*)?)", Pattern.CASE_INSENSITIVE);
    private static final int POSTGRES_PORT = 5432;
    /** libpq's sslmode values that refuse a connection without TLS; the others (disable, allow, prefer) fall back to plain text. */
    private static final java.util.Set<String> TLS_MODES = java.util.Set.of("require", "verify-ca", "verify-full");
    static final String REQUIRE_TLS = "sslmode=require";

    /** A new URL for a database labs creates: postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require. */
    static DatabaseUrl of(String user, String password, String host, String database) {
        return new DatabaseUrl("postgres", user, password, host, POSTGRES_PORT, database,
                host + ":" + POSTGRES_PORT + "/" + database + "?" + REQUIRE_TLS);
    }

    /** The URL, or empty when the value is not a PostgreSQL URL. */
    static java.util.Optional<DatabaseUrl> tryParse(String value) {
        Matcher matcher = SHAPE.matcher(value == null ? "" : value.trim());
        if (!matcher.matches()) return java.util.Optional.empty();
        int port = matcher.group("port") == null ? POSTGRES_PORT : Integer.parseInt(matcher.group("port"));
        return java.util.Optional.of(new DatabaseUrl(matcher.group("scheme"), matcher.group("user"), matcher.group("password"),
                matcher.group("host"), port, matcher.group("database"), matcher.group("location")));
    }

    /** @param source what the value is, for the error message (the value itself is never shown) */
    static DatabaseUrl parse(String value, String source) {
        return tryParse(value).orElseThrow(() -> LabsException.usage(source + " is not a PostgreSQL URL of the form "
                + "postgres://USER:PASSWORD@HOST:PORT/DATABASE; nothing changed"));
    }

    DatabaseUrl withPassword(String newPassword) {
        return new DatabaseUrl(scheme, user, newPassword, host, port, database, location);
    }

    /**
     * The same URL with sslmode=require unless it already asks for TLS (require, verify-ca,
     * verify-full): a weaker sslmode is replaced, other options stay as they are.
     */
    DatabaseUrl requiringTls() {
        int query = location.indexOf('?');
        String path = query < 0 ? location : location.substring(0, query);
        java.util.List<String> options = query < 0 || query == location.length() - 1 ? java.util.List.of()
                : java.util.List.of(location.substring(query + 1).split("&"));
        if (options.stream().anyMatch(o -> o.startsWith("sslmode=") && TLS_MODES.contains(o.substring("sslmode=".length())))) {
            return this;
        }
        java.util.List<String> kept = new java.util.ArrayList<>(options.stream().filter(o -> !o.startsWith("sslmode=")).toList());
        kept.add(REQUIRE_TLS);
        return new DatabaseUrl(scheme, user, password, host, port, database, path + "?" + String.join("&", kept));
    }

    /** The host of a stored URL, or null; for Observed.Secret. */
    static String hostOf(String value) {
        return tryParse(value).map(DatabaseUrl::host).orElse(null);
    }

    String value() {
        return scheme + "://" + user + ":" + password + "@" + location;
    }

    String decodedUser() {
        return percentDecode(user);
    }

    String decodedPassword() {
        return percentDecode(password);
    }

    @Override
    public String toString() {
        return scheme + "://" + user + ":***@" + location;
    }

    /** Userinfo decoding per RFC 3986: %XX only ("+" stays "+", unlike form decoding). */
    static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
