import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads the prices labs needs out of the Price List API's product documents. Each names its
 * usage type, with a region code before it outside us-east-1 (USE1-, EU-, EUC1-: "EU-Fargate-GB-Hours"),
 * and its on-demand price under terms.OnDemand.SKU.priceDimensions.ID.pricePerUnit.USD
 * (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html).
 * Usage types are matched exactly: ARM, Windows and ephemeral-storage Fargate rows share words
 * with the ones labs bills and cost very different amounts.
 */
final class PriceList {
    private static final Pattern REGION_CODE = Pattern.compile("^[A-Z0-9]+-");
    private static final Map<String, String> FARGATE_USAGE = Map.of(
            "Fargate-vCPU-Hours:perCPU", Prices.fargate("vcpu", "x86_64", false),
            "Fargate-GB-Hours", Prices.fargate("gb", "x86_64", false),
            "Fargate-ARM-vCPU-Hours:perCPU", Prices.fargate("vcpu", "arm64", false),
            "Fargate-ARM-GB-Hours", Prices.fargate("gb", "arm64", false),
            "SpotUsage-Fargate-vCPU-Hours:perCPU", Prices.fargate("vcpu", "x86_64", true),
            "SpotUsage-Fargate-GB-Hours", Prices.fargate("gb", "x86_64", true),
            "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU", Prices.fargate("vcpu", "arm64", true),
            "SpotUsage-Fargate-ARM-GB-Hours", Prices.fargate("gb", "arm64", true));

    private PriceList() {
    }

    /** One GetProducts query and the prices read from its answer: usage type to price key. */
    private record Query(String serviceCode, Map<String, String> attributes, Map<String, String> keysByUsage) {
    }

    /**
     * Every price labs needs for the region, asked from the API; a price it does not find is left
     * out. The queries go out together: status makes them on every GitHub run, whose cache is new.
     */
    static Map<String, Double> fetch(Pricing pricing, String region, Set<String> dbClasses, Set<String> cacheNodeTypes) {
        List<Query> queries = queries(region, dbClasses, cacheNodeTypes);
        ExecutorService pool = Executors.newFixedThreadPool(queries.size());
        try {
            List<Future<List<String>>> answers = queries.stream()
                    .map(q -> pool.submit(() -> pricing.products(q.serviceCode(), q.attributes()))).toList();
            Map<String, Double> rates = new HashMap<>();
            for (int i = 0; i < queries.size(); i++) {
                List<String> documents = answer(answers.get(i));
                queries.get(i).keysByUsage().forEach((usage, key) -> price(documents, usage).ifPresent(rate -> rates.put(key, rate)));
            }
            return rates;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Query> queries(String region, Set<String> dbClasses, Set<String> cacheNodeTypes) {
        Map<String, String> inRegion = Map.of("regionCode", region);
        List<Query> queries = new ArrayList<>();
        queries.add(new Query("AmazonECS", inRegion, FARGATE_USAGE));
        for (String instanceClass : dbClasses) {
            queries.add(new Query("AmazonRDS", Map.of("regionCode", region, "instanceType", instanceClass,
                    "databaseEngine", "PostgreSQL", "deploymentOption", "Single-AZ"),
                    Map.of("InstanceUsage:" + instanceClass, Prices.dbInstanceHour(instanceClass))));
        }
        queries.add(new Query("AmazonRDS", Map.of("regionCode", region, "productFamily", "Database Storage",
                "volumeType", "General Purpose-GP3"), Map.of("RDS:GP3-Storage", Prices.DB_GP3_GB_MONTH)));
        for (String nodeType : cacheNodeTypes) {
            queries.add(new Query("AmazonElastiCache", Map.of("regionCode", region, "instanceType", nodeType, "cacheEngine", "Redis"),
                    Map.of("NodeUsage:" + nodeType, Prices.cacheNodeHour(nodeType))));
        }
        queries.add(new Query("AmazonVPC", inRegion, Map.of("PublicIPv4:InUseAddress", Prices.PUBLIC_IPV4_HOUR)));
        queries.add(new Query("AWSSecretsManager", inRegion, Map.of("AWSSecretsManager-Secrets", Prices.SECRET_MONTH)));
        return queries;
    }

    /** A query's documents; its failure as it was thrown, so that the caller explains it as any other AWS error. */
    private static List<String> answer(Future<List<String>> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while asking the Price List API");
        }
    }

    /**
     * The on-demand price of the one product with this usage type; none when there is none, or when
     * several disagree (labs would rather show no figure than a wrong one). Of a product's price
     * dimensions the highest counts: a free tier is a dimension at 0.
     */
    static Optional<Double> price(List<String> documents, String usageType) {
        Double found = null;
        for (String document : documents) {
            JsonNode product = JsonNode.parser().parse(document);
            String usage = text(product.field("product").flatMap(p -> p.field("attributes")).flatMap(a -> a.field("usagetype")));
            if (usage == null || !REGION_CODE.matcher(usage).replaceFirst("").equals(usageType) && !usage.equals(usageType)) continue;
            Optional<Double> price = onDemand(product);
            if (price.isEmpty()) continue;
            if (found != null && !found.equals(price.get())) return Optional.empty();
            found = price.get();
        }
        return Optional.ofNullable(found);
    }

    private static Optional<Double> onDemand(JsonNode product) {
        Optional<JsonNode> terms = product.field("terms").flatMap(t -> t.field("OnDemand"));
        if (terms.isEmpty() || !terms.get().isObject()) return Optional.empty();
        Double highest = null;
        for (JsonNode term : terms.get().asObject().values()) {
            Optional<JsonNode> dimensions = term.field("priceDimensions");
            if (dimensions.isEmpty() || !dimensions.get().isObject()) continue;
            for (JsonNode dimension : dimensions.get().asObject().values()) {
                String usd = text(dimension.field("pricePerUnit").flatMap(p -> p.field("USD")));
                if (usd == null) continue;
                double value = Double.parseDouble(usd);
                if (highest == null || value > highest) highest = value;
            }
        }
        return Optional.ofNullable(highest);
    }

    private static String text(Optional<JsonNode> node) {
        return node.filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }
}
