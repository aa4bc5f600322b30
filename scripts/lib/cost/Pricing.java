import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;

/**
 * Every call labs makes to the AWS Price List Query API. It answers only in us-east-1,
 * eu-central-1 and ap-south-1, for every region's prices
 * (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html).
 */
final class Pricing {
    private final PricingClient client;

    Pricing(LabsOptions labs) {
        this.client = labs.aws().client(PricingClient.class, PricingClient::builder, endpointRegion(labs.aws().region().id()));
    }

    /** The nearest of the three regions that serve the API. */
    static Region endpointRegion(String region) {
        if (region.startsWith("eu-") || region.startsWith("me-") || region.startsWith("af-") || region.startsWith("il-")) {
            return Region.EU_CENTRAL_1;
        }
        if (region.startsWith("ap-")) return Region.AP_SOUTH_1;
        return Region.US_EAST_1;
    }

    /** GetProducts, every page, TERM_MATCH on each attribute: the price list documents, as JSON text. */
    List<String> products(String serviceCode, Map<String, String> attributes) {
        List<Filter> filters = attributes.entrySet().stream()
                .map(a -> Filter.builder().type(FilterType.TERM_MATCH).field(a.getKey()).value(a.getValue()).build()).toList();
        List<String> documents = new ArrayList<>();
        client.getProductsPaginator(r -> r.serviceCode(serviceCode).filters(filters).formatVersion("aws_v1").maxResults(100))
                .forEach(page -> documents.addAll(page.priceList()));
        return documents;
    }
}
