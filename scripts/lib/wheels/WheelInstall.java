import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipFile;

/**
 * Installs a lock's packages for the image without Python: the best wheel of each package for the
 * image (WheelTarget), downloaded in parallel and checked against its sha256, kept in a cache folder
 * by that hash, then unpacked one package after the other in name order, so that the same lock gives
 * the same files.
 */
final class WheelInstall {
    private static final int PARALLEL_DOWNLOADS = 8;

    private final Console console;
    private final WheelTarget target;
    private final Path cache;
    private final HttpClient http;

    /** @param cache the folder where wheels are kept by hash (CACHE/wheels/SHA256/FILE.whl) */
    WheelInstall(Console console, WheelTarget target, Path cache) {
        this.console = console;
        this.target = target;
        this.cache = cache;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** The packages of uv.lock for the groups (dev never), less those the base image provides. */
    List<LockedPackage> fromUvLock(Path lock, List<String> groups, Set<String> basePackages) {
        return UvLock.read(lock, groups, target).stream().filter(p -> !basePackages.contains(p.name())).toList();
    }

    /**
     * The pinned packages of requirement files whose markers hold for the image, less those the base
     * image provides, with their files as the index lists them (asked in parallel).
     */
    List<LockedPackage> fromRequirements(List<Path> files, String indexUrl, Set<String> basePackages) {
        PinnedRequirements requirements = PinnedRequirements.read(files, indexUrl);
        SimpleIndex index = new SimpleIndex(http);
        List<PinnedRequirements.Pin> pins = requirements.pins().stream()
                .filter(pin -> !basePackages.contains(pin.name()) && holds(pin)).toList();
        return parallel(pins, pin -> {
            if (pin.url() != null) {
                URI url = URI.create(pin.url());
                return new LockedPackage(pin.name(), "@ " + pin.url(), List.of(new DistFile(UvLock.fileName(url), url, null)),
                        pin.hashes(), pin.origin());
            }
            List<DistFile> found = index.files(pin.name(), pin.version(), requirements.indexUrls());
            if (found.isEmpty()) {
                throw LabsException.failed(pin.origin() + " pins " + pin.name() + "==" + pin.version() + ", which the package index ("
                        + String.join(", ", requirements.indexUrls().stream().map(Console::redactUrlCredentials).toList())
                        + ") does not have");
            }
            return new LockedPackage(pin.name(), pin.version(), found, pin.hashes(), pin.origin());
        });
    }

    private boolean holds(PinnedRequirements.Pin pin) {
        try {
            return Marker.evaluate(pin.marker(), target.markerEnvironment(""));
        } catch (IllegalArgumentException e) {
            throw LabsException.usage(pin.origin() + ": " + e.getMessage());
        }
    }

    /**
     * Installs the packages into the layout. Every package without a wheel for the image is named in
     * one error before anything is downloaded; with {@code complete}, every dependency that a wheel
     * declares for the image must be in the list (or provided by the base image).
     */
    void install(List<LockedPackage> packages, InstallLayout layout, boolean complete, Set<String> basePackages) {
        Map<LockedPackage, DistFile> chosen = choose(packages);
        long started = System.nanoTime();
        AtomicInteger cached = new AtomicInteger();
        AtomicLong downloaded = new AtomicLong();
        List<LockedPackage> ordered = chosen.keySet().stream().sorted(Comparator.comparing(LockedPackage::name)
                .thenComparing(LockedPackage::version)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, daemon());
        try {
            Map<LockedPackage, Future<Path>> downloads = new LinkedHashMap<>();
            for (LockedPackage p : ordered) downloads.put(p, pool.submit(() -> fetch(p, chosen.get(p), cached, downloaded)));
            WheelInstaller installer = new WheelInstaller(target, layout);
            Set<String> installed = new TreeSet<>(basePackages);
            List<String> missing = new ArrayList<>();
            Map<LockedPackage, Path> wheels = new LinkedHashMap<>();
            for (LockedPackage p : ordered) {
                Path wheel = await(downloads.get(p));
                installer.install(wheel, p);
                installed.add(p.name());
                wheels.put(p, wheel);
            }
            if (complete) wheels.forEach((p, wheel) -> missing.addAll(missingDependencies(p, wheel, installed)));
            if (!missing.isEmpty()) {
                throw LabsException.failed("The requirements are not a complete lock: " + String.join(", ", missing) + ". labs installs"
                        + " every package pinned (pip-compile --generate-hashes, uv export); pin these too, or set labs.image.installer=pip");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
        console.detail(String.format("  %d wheels installed (%d from the cache, %.1f MB downloaded) in %.1f s", ordered.size(),
                cached.get(), downloaded.get() / 1e6, (System.nanoTime() - started) / 1e9));
    }

    /** The best wheel of each package for the image; every package without one named in one line. */
    Map<LockedPackage, DistFile> choose(List<LockedPackage> packages) {
        Map<LockedPackage, DistFile> chosen = new LinkedHashMap<>();
        List<String> withoutWheel = new ArrayList<>();
        for (LockedPackage p : packages) {
            DistFile best = null;
            int bestRank = -1;
            for (DistFile file : p.files()) {
                WheelFileName name = file.wheel() ? WheelFileName.parse(file.fileName()) : null;
                int rank = name == null ? -1 : name.rank(target);
                if (rank >= 0 && (best == null || rank < bestRank || rank == bestRank && better(name, file, best))) {
                    best = file;
                    bestRank = rank;
                }
            }
            if (best != null) chosen.put(p, best);
            else withoutWheel.add(p.describe() + (p.files().stream().anyMatch(DistFile::wheel) ? " (no wheel for this platform)" : " (source only)"));
        }
        if (!withoutWheel.isEmpty()) {
            throw LabsException.failed("No wheel for " + target.describe() + " of " + String.join(", ", withoutWheel)
                    + ": labs installs wheels only. Build with the app's Dockerfile (labs.image.builder=docker or codebuild), or use a"
                    + " base image that has " + (withoutWheel.size() == 1 ? "it" : "them") + " and list " + (withoutWheel.size() == 1 ? "it" : "them")
                    + " in labs.image.base-packages");
        }
        return chosen;
    }

    /** Between wheels of the same rank, the higher build number, then the file name, so that the choice never varies. */
    private static boolean better(WheelFileName name, DistFile file, DistFile best) {
        WheelFileName other = WheelFileName.parse(best.fileName());
        return name.build() != other.build() ? name.build() > other.build() : file.fileName().compareTo(best.fileName()) < 0;
    }

    /** The wheel from the cache, or downloaded, checked and put there; either way checked against the lock's pins. */
    private Path fetch(LockedPackage p, DistFile file, AtomicInteger cached, AtomicLong downloaded) throws IOException {
        for (String hash : expectedHashes(p, file)) {
            Path inCache = cache.resolve(hash).resolve(file.fileName());
            if (Files.isRegularFile(inCache)) {
                verify(p, file, hash);
                cached.incrementAndGet();
                return inCache;
            }
        }
        Files.createDirectories(cache);
        Path partial = Files.createTempFile(cache, "downloading-", ".part");
        try {
            MessageDigest sha = WheelInstaller.sha256();
            try (InputStream in = open(file, p); OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
                downloaded.addAndGet(in.transferTo(out));
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            verify(p, file, actual);
            Path inCache = Files.createDirectories(cache.resolve(actual)).resolve(file.fileName());
            Files.move(partial, inCache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return inCache;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A file must have the hash its source names and, when the lock pins hashes, one of those: no other file is tried. */
    private static void verify(LockedPackage p, DistFile file, String actual) {
        boolean matchesSource = file.sha256() == null || file.sha256().equalsIgnoreCase(actual);
        boolean matchesPins = p.pinnedHashes().isEmpty() || p.pinnedHashes().contains(actual);
        if (matchesSource && matchesPins) return;
        String expected = !matchesPins ? String.join(" or ", p.pinnedHashes()) : file.sha256();
        throw LabsException.failed("The Python package " + p.describe() + " does not match the hash pinned in " + p.origin()
                + " (expected sha256 " + expected + ", got " + actual + " for " + Console.redactUrlCredentials(file.url().toString())
                + "): the file is not the one the lock was made with. Re-lock if the package was meant to change (uv lock,"
                + " pip-compile --generate-hashes); otherwise check where it came from (labs.image.index-url).");
    }

    private static List<String> expectedHashes(LockedPackage p, DistFile file) {
        if (file.sha256() != null) return List.of(file.sha256().toLowerCase(java.util.Locale.ROOT));
        return List.copyOf(p.pinnedHashes());
    }

    private InputStream open(DistFile file, LockedPackage p) throws IOException {
        if (file.url().getScheme().equals("file")) return Files.newInputStream(Path.of(file.url()));
        HttpRequest request = HttpRequest.newBuilder(file.url()).timeout(Duration.ofMinutes(10)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw LabsException.failed("Cannot download " + p.describe() + ": " + Console.redactUrlCredentials(file.url().toString())
                        + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while downloading " + p.describe());
        } catch (IOException e) {
            throw LabsException.failed("Cannot download " + p.describe() + " from " + Console.redactUrlCredentials(file.url().toString())
                    + ": " + e.getMessage());
        }
    }

    /** The dependencies a wheel's METADATA declares for the image (Requires-Dist without extras) that nothing provides. */
    private List<String> missingDependencies(LockedPackage p, Path wheel, Set<String> installed) {
        List<String> missing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            var metadata = zip.stream().filter(e -> e.getName().matches("[^/]+\\.dist-info/METADATA")).findFirst();
            if (metadata.isEmpty()) return missing;
            String text;
            try (InputStream in = zip.getInputStream(metadata.get())) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) break;
                if (!line.startsWith("Requires-Dist:")) continue;
                String requirement = line.substring("Requires-Dist:".length()).strip();
                int semicolon = requirement.indexOf(';');
                String marker = semicolon < 0 ? "" : requirement.substring(semicolon + 1);
                String name = PackageName.normalize(requirement.split("[\\s\\[(<>=!~;@]", 2)[0]);
                boolean needed;
                try {
                    needed = Marker.evaluate(marker, target.markerEnvironment(""));
                } catch (IllegalArgumentException e) {
                    needed = true;
                }
                if (needed && !installed.contains(name)) missing.add(p.describe() + " needs " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }

    private interface Task<T, R> {
        R run(T item) throws Exception;
    }

    private static <T, R> List<R> parallel(List<T> items, Task<T, R> task) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, daemon());
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) futures.add(pool.submit(() -> task.run(item)));
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) results.add(await(future));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("Interrupted while installing the Python dependencies");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof IOException io) throw new UncheckedIOException(io);
            throw new IllegalStateException(e.getCause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "labs-wheels");
            thread.setDaemon(true);
            return thread;
        };
    }
}
