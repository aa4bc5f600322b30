import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.AccessDeniedException;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.InvalidNextTokenException;
import software.amazon.awssdk.services.pricing.model.InvalidParameterException;
import software.amazon.awssdk.services.pricing.model.NotFoundException;

/**
 * The Price List Query API's GetProducts as AWS answers it
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html):
 * the products of a service code whose attributes match every TERM_MATCH filter, as JSON text
 * documents with product.attributes and terms.OnDemand.SKU.priceDimensions.ID.pricePerUnit.USD,
 * MaxResults from 1 to 100 (InvalidParameterException otherwise), NextToken pages, an unknown
 * service code NotFoundException. Products sit here in the order a test adds them; other regions'
 * rows and look-alike usage types (ARM, Windows, ephemeral storage, Multi-AZ) are there to be told apart.
 */
class FakePricing implements PricingClient {
    /** A product of the price list: its service code, its attributes, and its on-demand price dimensions in USD. */
    record Product(String serviceCode, Map<String, String> attributes, List<String> usdPrices) {
        String document() {
            StringBuilder dimensions = new StringBuilder();
            for (int i = 0; i < usdPrices.size(); i++) {
                if (i > 0) dimensions.append(',');
                dimensions.append("\"SKU.JRTCKXETXF.6YS6EN2CT").append(i).append("\":{\"unit\":\"Hrs\",\"beginRange\":\"0\",")
                        .append("\"pricePerUnit\":{\"USD\":\"").append(usdPrices.get(i)).append("\"}}");
            }
            StringBuilder attributesJson = new StringBuilder();
            attributes.forEach((k, v) -> attributesJson.append(attributesJson.length() == 0 ? "" : ",").append('"').append(k)
                    .append("\":\"").append(v).append('"'));
            return "{\"product\":{\"productFamily\":\"" + attributes.getOrDefault("productFamily", "Compute") + "\",\"attributes\":{"
                    + attributesJson + "},\"sku\":\"SKU\"},\"serviceCode\":\"" + serviceCode + "\",\"terms\":{\"OnDemand\":{\"SKU.JRTCKXETXF\":"
                    + "{\"priceDimensions\":{" + dimensions + "},\"sku\":\"SKU\",\"effectiveDate\":\"2026-12-01T00:00:00Z\"}}},"
                    + "\"version\":\"20261201000000\",\"publicationDate\":\"2026-12-01T00:00:00Z\"}";
        }
    }

    final List<Product> products = new ArrayList<>();
    int calls;
    boolean denied;

    /**
     * us-east-1 and eu-west-1 as the price list gave them on 2026-12-01 (the figures of labs'
     * built-in table), plus rows that an estimate must not pick.
     */
    static FakePricing withListPrices() {
        FakePricing pricing = new FakePricing();
        pricing.region("us-east-1", "USE1", new String[] {"0.04048", "0.004445", "0.03238", "0.00356", "0.012144", "0.0013335", "0.009714", "0.001068"},
                "0.018", "0.016", "0.115", "0.017", "0.016");
        pricing.region("eu-west-1", "EU", new String[] {"0.04456", "0.004865", "0.03565", "0.00389", "0.013368", "0.0014595", "0.010695", "0.001167"},
                "0.019", "0.017", "0.127", "0.018", "0.017");
        return pricing;
    }

    private void region(String region, String code, String[] fargate, String t3Db, String t4gDb, String gp3, String t3Cache, String t4gCache) {
        String[] usages = {"Fargate-vCPU-Hours:perCPU", "Fargate-GB-Hours", "Fargate-ARM-vCPU-Hours:perCPU", "Fargate-ARM-GB-Hours",
                "SpotUsage-Fargate-vCPU-Hours:perCPU", "SpotUsage-Fargate-GB-Hours", "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU",
                "SpotUsage-Fargate-ARM-GB-Hours"};
        for (int i = 0; i < usages.length; i++) add("AmazonECS", region, code + "-" + usages[i], fargate[i]);
        add("AmazonECS", region, code + "-Fargate-Windows-vCPU-Hours:perCPU", "0.09148");
        add("AmazonECS", region, code + "-Fargate-EphemeralStorage-GB-Hours", "0.000111");
        database(region, code, "db.t3.micro", t3Db);
        database(region, code, "db.t4g.micro", t4gDb);
        products.add(new Product("AmazonRDS", Map.of("regionCode", region, "usagetype", code + "-RDS:GP3-Storage",
                "productFamily", "Database Storage", "volumeType", "General Purpose-GP3", "deploymentOption", "Single-AZ"), List.of(gp3)));
        products.add(new Product("AmazonRDS", Map.of("regionCode", region, "usagetype", code + "-RDS:Multi-AZ-GP3-Storage",
                "productFamily", "Database Storage", "volumeType", "General Purpose-GP3", "deploymentOption", "Multi-AZ"), List.of("0.23")));
        cache(region, code, "cache.t3.micro", t3Cache);
        cache(region, code, "cache.t4g.micro", t4gCache);
        products.add(new Product("AmazonVPC", Map.of("regionCode", region, "usagetype", code + "-PublicIPv4:InUseAddress"),
                List.of("0.0000000000", "0.005")));
        products.add(new Product("AmazonVPC", Map.of("regionCode", region, "usagetype", code + "-PublicIPv4:IdleAddress"), List.of("0.005")));
        add("AWSSecretsManager", region, code + "-AWSSecretsManager-Secrets", "0.40");
        add("AWSSecretsManager", region, code + "-AWSSecretsManager-APIRequest", "0.000005");
    }

    private void database(String region, String code, String instanceClass, String price) {
        for (String deployment : List.of("Single-AZ", "Multi-AZ")) {
            String usage = code + "-" + (deployment.equals("Multi-AZ") ? "Multi-AZUsage:" : "InstanceUsage:") + instanceClass;
            products.add(new Product("AmazonRDS", Map.of("regionCode", region, "usagetype", usage, "instanceType", instanceClass,
                    "databaseEngine", "PostgreSQL", "deploymentOption", deployment),
                    List.of(deployment.equals("Multi-AZ") ? String.valueOf(Double.parseDouble(price) * 2) : price)));
        }
        products.add(new Product("AmazonRDS", Map.of("regionCode", region, "usagetype", code + "-InstanceUsage:" + instanceClass,
                "instanceType", instanceClass, "databaseEngine", "MySQL", "deploymentOption", "Single-AZ"),
                List.of(String.valueOf(Double.parseDouble(price) + 0.001))));
    }

    private void cache(String region, String code, String nodeType, String price) {
        for (String engine : List.of("Redis", "Memcached", "Valkey")) {
            products.add(new Product("AmazonElastiCache", Map.of("regionCode", region, "usagetype", code + "-NodeUsage:" + nodeType,
                    "instanceType", nodeType, "cacheEngine", engine),
                    List.of(engine.equals("Valkey") ? String.valueOf(Double.parseDouble(price) * 0.8) : price)));
        }
    }

    private void add(String serviceCode, String region, String usageType, String price) {
        products.add(new Product(serviceCode, Map.of("regionCode", region, "usagetype", usageType), List.of(price)));
    }

    @Override
    public synchronized GetProductsResponse getProducts(GetProductsRequest request) {
        calls++;
        if (denied) {
            throw AccessDeniedException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                    .errorMessage("User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: pricing:GetProducts")
                    .build()).build();
        }
        int pageSize = request.maxResults() == null ? 100 : request.maxResults();
        if (pageSize < 1 || pageSize > 100) throw InvalidParameterException.builder().message("MaxResults must be from 1 to 100").build();
        if (products.stream().noneMatch(p -> p.serviceCode().equals(request.serviceCode()))) {
            throw NotFoundException.builder().message("Service code " + request.serviceCode() + " not found").build();
        }
        for (Filter filter : request.filters()) {
            if (filter.type() != FilterType.TERM_MATCH) throw InvalidParameterException.builder().message("Invalid filter type").build();
        }
        List<String> matching = products.stream().filter(p -> p.serviceCode().equals(request.serviceCode()))
                .filter(p -> request.filters().stream().allMatch(f -> f.value().equals(p.attributes().get(f.field()))))
                .map(Product::document).toList();
        int start = 0;
        if (request.nextToken() != null) {
            try {
                start = Integer.parseInt(request.nextToken());
            } catch (NumberFormatException e) {
                throw InvalidNextTokenException.builder().message("The pagination token is invalid").build();
            }
        }
        int end = Math.min(matching.size(), start + pageSize);
        return GetProductsResponse.builder().formatVersion("aws_v1").priceList(matching.subList(start, end))
                .nextToken(end < matching.size() ? String.valueOf(end) : null).build();
    }

    @Override
    public String serviceName() {
        return "pricing";
    }

    @Override
    public void close() {
    }
}
