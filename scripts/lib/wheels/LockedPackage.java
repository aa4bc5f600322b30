import java.util.List;
import java.util.Set;

/**
 * A package at one version, with the files it is published as.
 *
 * @param pinnedHashes the sha256 values the app's lock allows for it (requirement files' --hash); empty
 *        when only the files' own hashes are known
 * @param origin where the pin came from, for messages (uv.lock, requirements.txt)
 */
record LockedPackage(String name, String version, List<DistFile> files, Set<String> pinnedHashes, String origin) {
    String describe() {
        return name + " " + version;
    }
}
