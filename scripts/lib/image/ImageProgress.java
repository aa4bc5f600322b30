import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows jib's events (which arrive on worker threads) and reports what happens to each layer:
 * built, already in the registry, or uploaded with its size.
 */
final class ImageProgress {
    /** One layer of the pushed image, as the final report shows it. */
    record LayerReport(String name, String digest, long bytes, boolean uploaded) {
    }

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String PUSHING = "pushing blob ";
    private static final String PULLING = "pulling base image layer";
    private static final long HEARTBEAT_MILLIS = 5_000;

    private final Console console;
    private final Map<String, Long> blobSizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> blobProgress = new ConcurrentHashMap<>();
    private final Set<String> alreadyThere = ConcurrentHashMap.newKeySet();
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> pullSizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pulled = new ConcurrentHashMap<>();
    private final AtomicLong lastHeartbeat = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong manifestsPushed = new AtomicLong();

    ImageProgress(Console console) {
        this.console = console;
    }

    void accept(JibEvent event) {
        if (event instanceof LogEvent log) onLog(log);
        else if (event instanceof ProgressEvent progress) onProgress(progress);
    }

    private void onLog(LogEvent log) {
        String message = log.getMessage();
        if (message.isBlank()) return;
        if (message.startsWith("Skipping push; BLOB already exists")) {
            Matcher digest = DIGEST.matcher(message);
            if (digest.find()) alreadyThere.add(digest.group());
        } else if (message.startsWith("Pushing manifest for")) {
            manifestsPushed.incrementAndGet();
            console.detail("  " + message);
        } else if (log.getLevel() == LogEvent.Level.PROGRESS && message.startsWith("Building ")) {
            console.detail("  " + message);
        } else if (log.getLevel() == LogEvent.Level.WARN && !isPlainHttpFallback(message)) {
            console.warn(message);
        } else if (log.getLevel() == LogEvent.Level.LIFECYCLE || log.getLevel() == LogEvent.Level.WARN) {
            console.detail("  " + message);
        }
    }

    /** Plain HTTP is only allowed for a registry on this machine, where it is expected, not a warning. */
    private static boolean isPlainHttpFallback(String message) {
        return message.startsWith("Cannot verify server at ") || message.startsWith("Failed to connect to ");
    }

    private void onProgress(ProgressEvent progress) {
        String description = progress.getAllocation().getDescription();
        if (description.startsWith(PULLING)) {
            onPull(progress);
            return;
        }
        if (!description.startsWith(PUSHING)) return;
        String digest = description.substring(PUSHING.length()).strip();
        long size = progress.getAllocation().getAllocationUnits();
        blobSizes.put(digest, size);
        long done = blobProgress.computeIfAbsent(digest, d -> new AtomicLong()).addAndGet(progress.getUnits());
        if (done >= size && !alreadyThere.contains(digest) && uploaded.add(digest)) {
            console.detail("  uploaded " + shortDigest(digest) + " (" + bytes(size) + ")");
        } else if (done < size) {
            heartbeat();
        }
    }

    /** The first build on a machine downloads the base image: a line every few seconds for that too. */
    private void onPull(ProgressEvent progress) {
        String layer = progress.getAllocation().getDescription();
        pullSizes.put(layer, progress.getAllocation().getAllocationUnits());
        pulled.computeIfAbsent(layer, d -> new AtomicLong()).addAndGet(progress.getUnits());
        long now = System.currentTimeMillis();
        long last = lastHeartbeat.get();
        if (now - last < HEARTBEAT_MILLIS || !lastHeartbeat.compareAndSet(last, now)) return;
        long done = pulled.values().stream().mapToLong(AtomicLong::get).sum();
        long total = pullSizes.values().stream().mapToLong(Long::longValue).sum();
        console.detail("  downloading the base image: " + bytes(done) + " of " + bytes(total));
    }

    /** Long uploads show a line every few seconds: how much of what is on its way. */
    private void heartbeat() {
        long now = System.currentTimeMillis();
        long last = lastHeartbeat.get();
        if (now - last < HEARTBEAT_MILLIS || !lastHeartbeat.compareAndSet(last, now)) return;
        long sent = 0;
        long total = 0;
        for (Map.Entry<String, Long> blob : blobSizes.entrySet()) {
            if (alreadyThere.contains(blob.getKey())) continue;
            total += blob.getValue();
            sent += Math.min(blob.getValue(), blobProgress.getOrDefault(blob.getKey(), new AtomicLong()).get());
        }
        console.detail("  uploading: " + bytes(sent) + " of " + bytes(total));
    }

    /** Bytes of blobs that went over the wire (layers and config; the manifest is counted by the caller). */
    long uploadedBytes() {
        long total = 0;
        for (String digest : uploaded) total += blobSizes.getOrDefault(digest, 0L);
        return total;
    }

    /** How many times the manifest went up: once per tag that did not already point at it. */
    long manifestsPushed() {
        return manifestsPushed.get();
    }

    /**
     * Names each layer of the pushed manifest and says whether it was uploaded; our layers are the
     * last ones, in order, and everything before them comes from the base image.
     */
    List<LayerReport> report(OciRegistry.Manifest manifest, List<String> layerNames) {
        List<LayerReport> reports = new ArrayList<>();
        int baseLayers = manifest.layers().size() - layerNames.size();
        for (int i = 0; i < manifest.layers().size(); i++) {
            OciRegistry.Blob layer = manifest.layers().get(i);
            String name = i < baseLayers ? "base image layer " + (i + 1) : layerNames.get(i - baseLayers);
            reports.add(new LayerReport(name, layer.digest(), layer.bytes(), uploaded.contains(layer.digest())));
        }
        for (LayerReport layer : reports) {
            console.info(String.format("  %-22s %10s  %s", layer.name(), bytes(layer.bytes()),
                    layer.uploaded() ? "uploaded" : "already in the registry"));
        }
        return reports;
    }

    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }

    static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format("%.1f KB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format("%.1f MB", bytes / (1024.0 * 1024));
        return String.format("%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
