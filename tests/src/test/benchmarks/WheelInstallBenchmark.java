import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prints the labs wheel installer against {@code pip install --target} for the same lock: a
 * requirements file pinning, with hashes, WHEELS wheels (default 60) that this benchmark makes and
 * serves from a package index on loopback. Cold: empty caches (pip with --no-cache-dir). Warm: every
 * wheel in the labs cache, a fresh install folder. Each run's install becomes a jib layer on scratch
 * whose image digest must be the same every time. Run with tests/benchmark-wheels.sh; not part of the
 * test suite.
 */
final class WheelInstallBenchmark {
    private static final WheelTarget TARGET = new WheelTarget("linux/amd64", "x86_64", "3.11", 36, "/usr/local/bin/python");

    private WheelInstallBenchmark() {
    }

    public static void main(String... args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path root = Files.createTempDirectory("labs-wheel-benchmark");
        Path wheels = root.resolve("wheels");
        try (LoopbackIndex index = LoopbackIndex.serve(wheels)) {
            long bytes = makeWheels(wheels, count);
            Path requirements = requirements(root, wheels);
            System.out.printf("lock: %d wheels, %.1f MB, from a package index on loopback%n", count, bytes / 1e6);

            List<Double> pip = new ArrayList<>();
            List<Double> pipCpu = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                double children = childrenCpuSeconds();
                pip.add(pip(index, requirements, root.resolve("pip-" + run)));
                pipCpu.add(childrenCpuSeconds() - children);
            }
            List<Double> cold = new ArrayList<>();
            List<Double> coldCpu = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            List<Double> warmCpu = new ArrayList<>();
            List<String> digests = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                Path cache = root.resolve("cache-" + run);
                Path coldFolder = root.resolve("cold-" + run);
                double cpu = ownCpuSeconds();
                cold.add(labs(index, requirements, cache, coldFolder));
                coldCpu.add(ownCpuSeconds() - cpu);
                Path warmFolder = root.resolve("warm-" + run);
                cpu = ownCpuSeconds();
                warm.add(labs(index, requirements, cache, warmFolder));
                warmCpu.add(ownCpuSeconds() - cpu);
                digests.add(layerDigest(coldFolder, root.resolve("cold-" + run + ".tar")));
                digests.add(layerDigest(warmFolder, root.resolve("warm-" + run + ".tar")));
            }
            System.out.printf("wall-clock seconds of each run (CPU seconds; the labs figures include the loopback index's, which runs in this JVM)%n");
            System.out.printf("pip install --target (cold, --no-cache-dir): %s (%s)%n", figures(pip), figures(pipCpu));
            System.out.printf("labs installer, cold (empty cache):          %s (%s)%n", figures(cold), figures(coldCpu));
            System.out.printf("labs installer, warm (all wheels cached):    %s (%s)%n", figures(warm), figures(warmCpu));
            System.out.printf("cold speed-up over pip: %.1fx (best against best)%n",
                    pip.stream().mapToDouble(d -> d).min().orElseThrow() / cold.stream().mapToDouble(d -> d).min().orElseThrow());
            System.out.printf("dependency layer digests: %s (%s)%n", Set.copyOf(digests).size() == 1 ? "the same every run" : "DIFFERENT",
                    Set.copyOf(digests));
        } finally {
            PythonLayer.deleteRecursively(root);
        }
    }

    /** Wheels shaped like a Django stack's: a few large, most small, random text so that they compress like code. */
    private static long makeWheels(Path wheels, int count) throws Exception {
        Random random = new Random(7);
        long total = 0;
        for (int i = 0; i < count; i++) {
            int modules = i % 10 == 0 ? 150 : 5 + random.nextInt(40);
            Map<String, String> files = new LinkedHashMap<>();
            for (int m = 0; m < modules; m++) {
                StringBuilder text = new StringBuilder();
                int size = 2_000 + random.nextInt(20_000);
                while (text.length() < size) text.append("def f").append(random.nextInt(1_000_000)).append("(x):\n    return x * ").append(random.nextInt()).append('\n');
                files.put("pkg" + i + "/module" + m + ".py", text.toString());
            }
            String tag = i % 7 == 0 ? "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64" : "py3-none-any";
            String entryPoints = i % 5 == 0 ? "[console_scripts]\npkg" + i + " = pkg" + i + ".module0:f0\n" : null;
            total += Files.size(WheelFiles.write(wheels, "pkg" + i, "1." + i, tag, files, entryPoints, List.of()));
        }
        return total;
    }

    private static Path requirements(Path root, Path wheels) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(wheels)) {
            for (Path wheel : files.sorted().toList()) {
                String[] parts = wheel.getFileName().toString().split("-");
                text.append(parts[0]).append("==").append(parts[1]).append(" \\\n    --hash=sha256:").append(WheelFiles.sha256(wheel)).append('\n');
            }
        }
        return Files.writeString(root.resolve("requirements.txt"), text.toString());
    }

    private static double pip(LoopbackIndex index, Path requirements, Path target) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder("python3", "-m", "pip", "install", "--disable-pip-version-check", "--no-cache-dir", "--no-compile",
                "--quiet", "--target", target.toString(), "--index-url", index.url(), "--platform", "manylinux2014_x86_64",
                "--python-version", "3.11", "--implementation", "cp", "--only-binary=:all:", "-r", requirements.toString())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) throw new IllegalStateException("pip: " + output);
        return (System.nanoTime() - started) / 1e9;
    }

    private static double labs(LoopbackIndex index, Path requirements, Path cache, Path folder) {
        long started = System.nanoTime();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), Map.of(), false);
        WheelInstall installer = new WheelInstall(console, TARGET, cache);
        installer.install(installer.fromRequirements(List.of(requirements), index.url(), Set.of()), InstallLayout.under(folder), true, Set.of());
        return (System.nanoTime() - started) / 1e9;
    }

    /** The install as the image's dependencies layer is made (fixed times, 0644 files, 0755 scripts), on scratch: its digest. */
    private static String layerDigest(Path folder, Path tar) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("python dependencies");
        Instant time = Instant.ofEpochSecond(1);
        Map<Path, AbsoluteUnixPath> places = Map.of(folder.resolve("site-packages"), AbsoluteUnixPath.get(TARGET.sitePackages().toString()),
                folder.resolve("bin"), AbsoluteUnixPath.get(TARGET.scripts().toString()), folder.resolve("data"), AbsoluteUnixPath.get("/usr/local"));
        for (Path from : List.of(folder.resolve("site-packages"), folder.resolve("bin"), folder.resolve("data"))) {
            if (!Files.isDirectory(from)) continue;
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    layer.addEntry(file, places.get(from).resolve(from.relativize(file).toString()),
                            FilePermissions.fromOctalString(from.endsWith("bin") ? "755" : "644"), time);
                }
            }
        }
        return Jib.fromScratch().addFileEntriesLayer(layer.build())
                .containerize(Containerizer.to(TarImage.at(tar).named("wheels:benchmark"))).getDigest().toString();
    }

    /** CPU time of this JVM: the labs installer and the loopback index together. */
    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU time of the child processes that have ended (cutime + cstime in /proc/self/stat), at 100 ticks a second. */
    private static double childrenCpuSeconds() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private static String figures(List<Double> seconds) {
        return String.join(", ", seconds.stream().map(s -> String.format("%.2f", s)).toList());
    }
}
