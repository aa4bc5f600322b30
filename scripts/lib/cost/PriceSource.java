import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where an estimate's prices come from: labs' cache of what the Price List API answered (kept 30
 * days under the cache folder), else the API, else the built-in table. Never a failure: without
 * prices the estimate is left out and the reason said.
 */
final class PriceSource {
    static final Duration CACHE_LIFE = Duration.ofDays(30);
    private static final String FETCHED = "fetched";

    private final LabsOptions labs;

    PriceSource(LabsOptions labs) {
        this.labs = labs;
    }

    /** The prices of the stack's region with every key given; empty, and a line on stderr, when none has them all. */
    Optional<Prices> prices(Set<String> keys) {
        String region = labs.aws().region().id();
        Path cacheFile = labs.cacheFolder().resolve("prices").resolve(region + ".properties");
        Instant now = labs.ticker().now();
        Optional<Prices> cached = readCache(cacheFile, region, now).filter(p -> keys.stream().allMatch(p::has));
        if (cached.isPresent()) return cached;
        String problem;
        try {
            Map<String, Double> rates = PriceList.fetch(new Pricing(labs), region, suffixes(keys, Prices.dbInstanceHour("")),
                    suffixes(keys, Prices.cacheNodeHour("")));
            Set<String> missing = keys.stream().filter(k -> !rates.containsKey(k)).collect(Collectors.toCollection(TreeSet::new));
            if (missing.isEmpty()) {
                writeCache(cacheFile, rates, now);
                return Optional.of(new Prices(region, "the AWS Price List API on " + day(now), rates));
            }
            problem = "the Price List API has no single price for " + String.join(", ", missing);
        } catch (RuntimeException e) {
            problem = "the Price List API did not answer (" + Failures.explain(e, labs.aws().lastOperation(), null).getMessage() + ")";
        }
        Optional<Prices> builtIn = BuiltInPrices.of(region).filter(p -> keys.stream().allMatch(p::has));
        labs.console().detail("Prices from " + (builtIn.isPresent() ? builtIn.get().source() : "nowhere") + ": " + problem);
        return builtIn;
    }

    private static Set<String> suffixes(Set<String> keys, String prefix) {
        return keys.stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).collect(Collectors.toSet());
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** A cache this old or unreadable is as good as none. */
    private static Optional<Prices> readCache(Path file, String region, Instant now) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
            Instant fetched = Instant.parse(properties.getProperty(FETCHED));
            if (fetched.plus(CACHE_LIFE).isBefore(now)) return Optional.empty();
            Map<String, Double> rates = new HashMap<>();
            properties.stringPropertyNames().stream().filter(k -> !k.equals(FETCHED))
                    .forEach(k -> rates.put(k, Double.parseDouble(properties.getProperty(k))));
            return Optional.of(new Prices(region, "the AWS Price List API on " + day(fetched) + " (cached)", rates));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Best effort: a cache that cannot be written costs a few calls next time, nothing more. */
    private static void writeCache(Path file, Map<String, Double> rates, Instant now) {
        Properties properties = new Properties();
        rates.forEach((k, v) -> properties.setProperty(k, Double.toString(v)));
        properties.setProperty(FETCHED, now.toString());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, "AWS list prices in USD, read by labs from the Price List API");
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException ignored) {
            // the next run asks the API again
        }
    }
}
