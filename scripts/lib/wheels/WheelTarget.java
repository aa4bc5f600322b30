import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's Python, as wheels and markers see it: CPython of a version (3.11, or the full 3.11.9
 * that the official images name in PYTHON_VERSION), Linux on x86_64 or aarch64 with a glibc, and the
 * interpreter whose prefix holds site-packages, bin, include and data.
 *
 * @param platform the image platform, for messages (linux/amd64)
 * @param architecture x86_64 or aarch64
 * @param pythonVersion 3.11 or 3.11.9
 * @param glibcMinor the base image's glibc is 2.glibcMinor
 * @param interpreter the absolute path of the image's python
 */
record WheelTarget(String platform, String architecture, String pythonVersion, int glibcMinor, String interpreter) {
    /** A platform tag that names a glibc: manylinux_2_17_x86_64, or the older aliases manylinux1/2010/2014. */
    private static final Pattern MANYLINUX = Pattern.compile("manylinux_(\\d+)_(\\d+)_(\\w+)|manylinux(1|2010|2014)_(\\w+)");
    /** Ranks of the platform-specific tags come before every pure-Python ("any") tag. */
    private static final int ANY = 1_000_000;

    int minor() {
        return Integer.parseInt(pythonVersion.split("\\.")[1]);
    }

    String majorMinor() {
        return "3." + minor();
    }

    String describe() {
        return platform + ", CPython " + pythonVersion + ", glibc 2." + glibcMinor;
    }

    /** The environment that markers are evaluated in: what the image's interpreter would report. */
    Map<String, String> markerEnvironment(String extra) {
        Map<String, String> environment = new TreeMap<>();
        environment.put("python_version", majorMinor());
        environment.put("python_full_version", pythonVersion);
        environment.put("implementation_version", pythonVersion);
        environment.put("implementation_name", "cpython");
        environment.put("platform_python_implementation", "CPython");
        environment.put("os_name", "posix");
        environment.put("sys_platform", "linux");
        environment.put("platform_system", "Linux");
        environment.put("platform_machine", architecture);
        environment.put("extra", extra);
        return environment;
    }

    /**
     * How well a wheel tag fits the image, lower is better, -1 when it does not (PEP 425, in the order
     * the packaging library's sys_tags gives for CPython): cpXY-cpXY, then abi3 of this and older
     * versions, then py3 tags, each on the newest manylinux first; pure-Python wheels last.
     */
    int rank(String python, String abi, String platformTag) {
        List<String> pairs = platformTag.equals("any") ? anyPairs() : platformPairs();
        int pair = pairs.indexOf(python + "-" + abi);
        if (pair < 0) return -1;
        if (platformTag.equals("any")) return ANY + pair;
        int platformIndex = platformIndex(platformTag);
        return platformIndex < 0 ? -1 : pair * 1000 + platformIndex;
    }

    /** 0 for the base image's own glibc, 1 for one older, ...; -1 for another architecture, a newer glibc, musl, or a plain linux tag. */
    int platformIndex(String platformTag) {
        Matcher m = MANYLINUX.matcher(platformTag);
        if (!m.matches()) return -1;
        int major;
        int minor;
        String arch;
        if (m.group(1) != null) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
            arch = m.group(3);
        } else {
            major = 2;
            minor = switch (m.group(4)) {
                case "1" -> 5;
                case "2010" -> 12;
                default -> 17;
            };
            arch = m.group(5);
        }
        if (!arch.equals(architecture) || major != 2 || minor > glibcMinor) return -1;
        return glibcMinor - minor;
    }

    private List<String> platformPairs() {
        String cp = "cp3" + minor();
        List<String> pairs = new ArrayList<>(List.of(cp + "-" + cp, cp + "-abi3", cp + "-none"));
        for (int m = minor() - 1; m >= 2; m--) pairs.add("cp3" + m + "-abi3");
        pairs.addAll(pyPairs());
        return pairs;
    }

    private List<String> anyPairs() {
        List<String> pairs = new ArrayList<>(List.of("cp3" + minor() + "-none"));
        pairs.addAll(pyPairs());
        return pairs;
    }

    private List<String> pyPairs() {
        List<String> pairs = new ArrayList<>(List.of("py3" + minor() + "-none", "py3-none"));
        for (int m = minor() - 1; m >= 0; m--) pairs.add("py3" + m + "-none");
        return pairs;
    }

    /** The interpreter's prefix: /usr/local for /usr/local/bin/python. */
    Path prefix() {
        Path bin = Path.of(interpreter).getParent();
        return bin == null ? Path.of("/") : bin.getParent() == null ? Path.of("/") : bin.getParent();
    }

    /** purelib and platlib: the image's site-packages. */
    Path sitePackages() {
        return prefix().resolve("lib").resolve("python" + majorMinor()).resolve("site-packages");
    }

    Path scripts() {
        return Path.of(interpreter).getParent();
    }

    /** Where the headers scheme of a distribution goes, as sysconfig's "include" plus the project's name. */
    Path headers(String distribution) {
        return prefix().resolve("include").resolve("python" + majorMinor()).resolve(distribution);
    }
}
