import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wheel installer's decisions as plain functions: PEP 440 order, PEP 508 markers, PEP 425 tags. */
class WheelsUnitsTest {
    static final WheelTarget AMD64 = new WheelTarget("linux/amd64", "x86_64", "3.11.9", 36, "/usr/local/bin/python");

    @Test
    void versionsOrderAsPep440Says() {
        List<String> ordered = List.of("1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0b1", "1.0rc1", "1.0", "1.0+local.1", "1.0.post1.dev1",
                "1.0.post1", "1.1", "1!0.1");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            Pep440Version lower = Pep440Version.parse(ordered.get(i));
            Pep440Version higher = Pep440Version.parse(ordered.get(i + 1));
            assertTrue(lower.compareTo(higher) < 0, ordered.get(i) + " < " + ordered.get(i + 1));
        }
        assertEquals(0, Pep440Version.parse("3.11").compareTo(Pep440Version.parse("3.11.0")));
        assertEquals(0, Pep440Version.parse("1.0-1").compareTo(Pep440Version.parse("1.0.post1")), "1.0-1 is a post release");
        assertEquals(0, Pep440Version.parse("1.0.0RC1").compareTo(Pep440Version.parse("1.0rc1")));
        assertEquals(null, Pep440Version.parse("linux"));
    }

    @Test
    void specifierClauses() {
        Pep440Version version = Pep440Version.parse("3.11.9");
        assertTrue(version.satisfies("~=", "3.11.2"));
        assertFalse(version.satisfies("~=", "3.12"));
        assertTrue(version.satisfies("==", "3.11.*"));
        assertFalse(version.satisfies("!=", "3.11.*"));
        assertTrue(version.satisfies(">=", "3.11.4"));
        assertTrue(Pep440Version.parse("1.0+local").satisfies("==", "1.0"), "a local label matches the public version");
    }

    @Test
    void markersAreEvaluatedForTheImage() {
        Map<String, String> image = AMD64.markerEnvironment("");
        assertTrue(Marker.evaluate("python_version >= \"3.8\" and sys_platform == 'linux'", image));
        assertTrue(Marker.evaluate("python_full_version >= '3.11.4'", image));
        assertFalse(Marker.evaluate("python_full_version < '3.11.4' or platform_machine == 'aarch64'", image));
        assertTrue(Marker.evaluate("(os_name == 'nt' or os_name == 'posix') and platform_python_implementation == 'CPython'", image));
        assertTrue(Marker.evaluate("implementation_name == \"cpython\" and 'linux' in sys_platform", image));
        assertFalse(Marker.evaluate("platform_machine not in 'x86_64 AMD64'", image));
        assertFalse(Marker.evaluate("extra == 'redis'", image));
        assertTrue(Marker.evaluate("extra == 'Redis_Cache'", AMD64.markerEnvironment("redis-cache")), "extras compare normalized");
        assertTrue(Marker.evaluate("os.name == 'posix'", image), "the older dotted names still work");
        assertTrue(Marker.evaluate("", image));
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> Marker.evaluate("python_version >>", image));
        assertTrue(invalid.getMessage().startsWith("Invalid environment marker"), invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Marker.evaluate("colour == 'red'", image));
    }

    @Test
    void wheelsRankAsTheTagOrderOfCPythonOnTheImage() {
        List<String> best = List.of(
                "x-1-cp311-cp311-manylinux_2_36_x86_64.whl",
                "x-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                "x-1-cp311-cp311-manylinux1_x86_64.whl",
                "x-1-cp311-abi3-manylinux_2_28_x86_64.whl",
                "x-1-cp38-abi3-manylinux_2_17_x86_64.whl",
                "x-1-py3-none-manylinux_2_17_x86_64.whl",
                "x-1-py3-none-any.whl",
                "x-1-py2.py3-none-any.whl");
        for (int i = 0; i + 1 < best.size(); i++) {
            int better = WheelFileName.parse(best.get(i)).rank(AMD64);
            int worse = WheelFileName.parse(best.get(i + 1)).rank(AMD64);
            assertTrue(better >= 0 && better <= worse, best.get(i) + " before " + best.get(i + 1) + ": " + better + ", " + worse);
        }
        for (String unusable : List.of("x-1-cp311-cp311-manylinux_2_38_x86_64.whl", "x-1-cp311-cp311-musllinux_1_1_x86_64.whl",
                "x-1-cp311-cp311-linux_x86_64.whl", "x-1-cp312-cp312-manylinux_2_17_x86_64.whl",
                "x-1-cp311-cp311-manylinux_2_17_aarch64.whl", "x-1-cp311-cp311-win_amd64.whl", "x-1-py2-none-any.whl",
                "x-1-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl")) {
            assertEquals(-1, WheelFileName.parse(unusable).rank(AMD64), unusable);
        }
        WheelFileName built = WheelFileName.parse("x-1.0-2build-py3-none-any.whl");
        assertEquals(2, built.build());
        assertEquals("1.0", built.version());
    }

    @Test
    void theFilesOfAPinnedVersionAreFoundByTheirNames() {
        assertEquals("2.9.9", SimpleIndex.versionOf("psycopg2-2.9.9.tar.gz", "psycopg2"));
        assertEquals("1.0", SimpleIndex.versionOf("cron_descriptor-1.0.zip", "cron-descriptor"));
        assertEquals("4.2.1", SimpleIndex.versionOf("Django-4.2.1-py3-none-any.whl", "django"));
        assertEquals(null, SimpleIndex.versionOf("README.md", "django"));
    }
}
