import java.util.ArrayList;
import java.util.List;

/**
 * A wheel's file name as the binary distribution format spells it,
 * {@code {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl}, each tag part possibly a
 * dotted set (PEP 425's compressed tag sets).
 */
record WheelFileName(String distribution, String version, int build, List<String> tags) {
    static WheelFileName parse(String fileName) {
        if (!fileName.endsWith(".whl")) return null;
        String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
        if (parts.length != 5 && parts.length != 6) return null;
        int build = 0;
        if (parts.length == 6) {
            String digits = parts[2].replaceAll("\\D.*$", "");
            build = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }
        int t = parts.length - 3;
        List<String> tags = new ArrayList<>();
        for (String python : parts[t].split("\\.")) {
            for (String abi : parts[t + 1].split("\\.")) {
                for (String platform : parts[t + 2].split("\\.")) tags.add(python + "-" + abi + "-" + platform);
            }
        }
        return new WheelFileName(parts[0], parts[1], build, List.copyOf(tags));
    }

    /** The best rank among the wheel's tags for the target, or -1 when none fits. */
    int rank(WheelTarget target) {
        int best = -1;
        for (String tag : tags) {
            String[] t = tag.split("-");
            int rank = target.rank(t[0], t[1], t[2]);
            if (rank >= 0 && (best < 0 || rank < best)) best = rank;
        }
        return best;
    }
}
