import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference split into its parts: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]. The
 * first path segment is a registry when it looks like a host (has a dot or a port, or is localhost).
 */
record ImageRef(String registry, String repository, String tag, String digest) {
    private static final Pattern ECR_REGISTRY = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    static ImageRef parse(String reference) {
        String rest = reference.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    /** A bare word such as "abc1234" names a tag, not an image: it has no registry, path, tag or digest separator. */
    static boolean isBareTag(String value) {
        return !value.isBlank() && !value.contains("/") && !value.contains(":") && !value.contains("@");
    }

    /** The account and region of a private ECR registry. */
    record EcrRegistry(String account, String region) {
    }

    Optional<EcrRegistry> ecr() {
        if (registry == null) return Optional.empty();
        Matcher matcher = ECR_REGISTRY.matcher(registry);
        return matcher.matches() ? Optional.of(new EcrRegistry(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** What people call the version of an image: its tag, else its short digest. */
    String label() {
        if (tag != null) return tag;
        if (digest != null) return digest.length() > 19 ? digest.substring(0, 19) : digest;
        return "latest";
    }
}
