import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceListTest {
    private static String product(String usageType, String... usd) {
        return new FakePricing.Product("AmazonECS", Map.of("regionCode", "eu-west-1", "usagetype", usageType), List.of(usd)).document();
    }

    @Test
    void picksTheExactUsageTypeWhateverTheRegionCodeInFront() {
        List<String> documents = List.of(product("EU-Fargate-ARM-vCPU-Hours:perCPU", "0.03565"), product("EU-Fargate-Windows-vCPU-Hours:perCPU", "0.09"),
                product("EU-SpotUsage-Fargate-vCPU-Hours:perCPU", "0.013368"), product("EU-Fargate-vCPU-Hours:perCPU", "0.04456"));
        assertEquals(Optional.of(0.04456), PriceList.price(documents, "Fargate-vCPU-Hours:perCPU"));
        assertEquals(Optional.of(0.013368), PriceList.price(documents, "SpotUsage-Fargate-vCPU-Hours:perCPU"));
        assertEquals(Optional.of(0.03565), PriceList.price(documents, "Fargate-ARM-vCPU-Hours:perCPU"));
        assertEquals(Optional.of(0.018), PriceList.price(List.of(product("InstanceUsage:db.t3.micro", "0.018")), "InstanceUsage:db.t3.micro"),
                "us-east-1 rows may have no region code");
    }

    @Test
    void aFreeTierDimensionDoesNotHideThePriceAndDisagreeingRowsGiveNone() {
        assertEquals(Optional.of(0.005), PriceList.price(List.of(product("EU-PublicIPv4:InUseAddress", "0.0000000000", "0.005")),
                "PublicIPv4:InUseAddress"));
        assertEquals(Optional.empty(), PriceList.price(List.of(product("EU-Fargate-GB-Hours", "0.004865"), product("EU-Fargate-GB-Hours", "0.005")),
                "Fargate-GB-Hours"));
        assertEquals(Optional.empty(), PriceList.price(List.of(product("EU-Fargate-GB-Hours", "0.004865")), "Fargate-ARM-GB-Hours"));
    }
}
