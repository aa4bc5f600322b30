import java.util.List;
import java.util.Map;

/**
 * The Price List Query API's GetProducts on loopback (JSON 1.1, X-Amz-Target
 * AWSPriceListService.GetProducts): the eu-west-1 products of the loopback stack as JSON text
 * documents, filtered by ServiceCode and every TERM_MATCH filter; an unknown service code is
 * NotFoundException (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html).
 * The prices are eu-west-1's list prices of 2026-12-01.
 */
final class LoopbackPricing {
    private record Product(String serviceCode, Map<String, String> attributes, String usd) {
        String document() {
            StringBuilder attributesJson = new StringBuilder();
            attributes.forEach((k, v) -> attributesJson.append(attributesJson.length() == 0 ? "" : ",").append('"').append(k)
                    .append("\":\"").append(v).append('"'));
            return "{\"product\":{\"attributes\":{" + attributesJson + "},\"sku\":\"SKU\"},\"serviceCode\":\"" + serviceCode
                    + "\",\"terms\":{\"OnDemand\":{\"SKU.JRTCKXETXF\":{\"priceDimensions\":{\"SKU.JRTCKXETXF.6YS6EN2CTY\":"
                    + "{\"unit\":\"Hrs\",\"pricePerUnit\":{\"USD\":\"" + usd + "\"}}}}}}}";
        }
    }

    private static final List<Product> PRODUCTS = List.of(
            product("AmazonECS", "EU-Fargate-vCPU-Hours:perCPU", "0.04456"),
            product("AmazonECS", "EU-Fargate-GB-Hours", "0.004865"),
            product("AmazonECS", "EU-Fargate-ARM-vCPU-Hours:perCPU", "0.03565"),
            new Product("AmazonRDS", Map.of("regionCode", "eu-west-1", "usagetype", "EU-InstanceUsage:db.t3.micro",
                    "instanceType", "db.t3.micro", "databaseEngine", "PostgreSQL", "deploymentOption", "Single-AZ"), "0.019"),
            new Product("AmazonRDS", Map.of("regionCode", "eu-west-1", "usagetype", "EU-RDS:GP3-Storage",
                    "productFamily", "Database Storage", "volumeType", "General Purpose-GP3"), "0.127"),
            new Product("AmazonElastiCache", Map.of("regionCode", "eu-west-1", "usagetype", "EU-NodeUsage:cache.t3.micro",
                    "instanceType", "cache.t3.micro", "cacheEngine", "Redis"), "0.018"),
            product("AmazonVPC", "EU-PublicIPv4:InUseAddress", "0.005"),
            product("AWSSecretsManager", "EU-AWSSecretsManager-Secrets", "0.40"));

    private static Product product(String serviceCode, String usageType, String usd) {
        return new Product(serviceCode, Map.of("regionCode", "eu-west-1", "usagetype", usageType), usd);
    }

    LoopbackAws.Reply answer(String action, Map<String, Object> request) {
        if (!action.equals("GetProducts")) return LoopbackAws.Reply.jsonError("UnknownOperationException", action);
        Object serviceCode = request.get("ServiceCode");
        if (PRODUCTS.stream().noneMatch(p -> p.serviceCode().equals(serviceCode))) {
            return LoopbackAws.Reply.jsonError("NotFoundException", "Service code " + serviceCode + " not found");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> filters = (List<Map<String, Object>>) request.getOrDefault("Filters", List.of());
        List<String> documents = PRODUCTS.stream().filter(p -> p.serviceCode().equals(serviceCode))
                .filter(p -> filters.stream().allMatch(f -> String.valueOf(f.get("Value")).equals(p.attributes().get(String.valueOf(f.get("Field"))))))
                .map(Product::document).toList();
        return LoopbackAws.Reply.json(200, LoopbackAws.map("FormatVersion", "aws_v1", "PriceList", documents));
    }
}
