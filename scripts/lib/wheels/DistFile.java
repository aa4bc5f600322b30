import java.net.URI;

/**
 * One published file of a locked package: a wheel or a source distribution.
 *
 * @param sha256 the hash its source names for it (the lock, or the index), or null when it names none
 */
record DistFile(String fileName, URI url, String sha256) {
    boolean wheel() {
        return fileName.endsWith(".whl");
    }
}
