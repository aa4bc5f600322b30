import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.pricing.PricingClient;

/** The cost command, provision's plan and status as a user reads their figures; prices from the fake Price List API. */
class CostTest {
    private final FakePricing pricing = FakePricing.withListPrices();
    private final FakeTicker ticker = new FakeTicker();
    private final Path cache = Path.of("target", "cost-test-cache", java.util.UUID.randomUUID().toString()).toAbsolutePath();

    private Cli cli() {
        return new Cli().with(PricingClient.class, pricing).ticker(ticker).env("LABS_IMAGE_CACHE", cache.toString());
    }

    @Test
    void compareShowsReadmesTableFromThePriceListApi() {
        Cli.Result result = cli().run(new Cost(), "--region", "us-east-1", "--compare");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("| choice | Fargate | public IPv4 | RDS | ElastiCache | secrets | total $/month |",
                "| on demand, x86, t3 classes, always on | 36.04 | 7.30 | 15.44 | 12.41 | 1.20 | **72.39** |",
                "| Spot, Graviton, t4g classes, always on | 8.65 | 7.30 | 13.98 | 11.68 | 1.20 | **42.81** |",
                "| the same, awake 50 hours a week | 2.57 | 2.17 | 5.89 | 11.68 | 1.20 | **23.52** |",
                "| asleep all month (sleep) | 0.00 | 0.00 | 2.30 | 11.68 | 1.20 | **15.18** |",
                "List prices in us-east-1 from the AWS Price List API on 2026-11-26");
    }

    @Test
    void theConfiguredEnvironmentAlwaysOnAndWithItsSchedule() {
        Cli.Result result = cli().env("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)").env("LABS_SCHEDULE_SLEEP", "cron(0 18 ? * MON-FRI *)")
                .run(new Cost(), "--region", "us-east-1");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("cost     ≈ $72.39 a month always on (list prices in us-east-1 from the AWS Price List API on 2026-11-26)",
                "Fargate web", "$18.02  1 task of 0.5 vCPU, 1 GB, x86_64, on demand\n",
                "cost     ≈ $32.85 a month with the schedule (awake 50 hours a week)",
                "RDS storage", "20 GB gp3, billed asleep too");
        String json = cli().run(new Cost(), "--region", "us-east-1", "--json").out();
        assertTrue(json.contains("{\"always on\":{\"monthly\":72.39,\"currency\":\"USD\",\"region\":\"us-east-1\""), json);
    }

    @Test
    void pricesAreCachedForThirtyDays() {
        cli().run(new Cost(), "--region", "us-east-1");
        int asked = pricing.calls;
        assertTrue(asked > 0);
        Cli.Result cached = cli().run(new Cost(), "--region", "us-east-1");
        assertEquals(asked, pricing.calls, "the second run reads the cache");
        cached.assertOutContains("from the AWS Price List API on 2026-11-26 (cached)");
        assertTrue(Files.isRegularFile(cache.resolve("prices").resolve("us-east-1.properties")));
        ticker.at(ticker.now().plus(Duration.ofDays(31)));
        cli().run(new Cost(), "--region", "us-east-1").assertOutContains("from the AWS Price List API on 2026-12-27)");
        assertEquals(2 * asked, pricing.calls, "a month-old cache is asked again");
    }

    @Test
    void deniedOrUnreachableTheBuiltInTableAnswersAndTheOutputSaysSo() {
        pricing.denied = true;
        Cli.Result result = cli().run(new Cost(), "--region", "eu-west-1");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("cost     ≈ $77.68 a month always on (list prices in eu-west-1 from labs' built-in table of 2026-12-01)");
        result.assertErrContains("Prices from labs' built-in table of 2026-12-01: the Price List API did not answer (Access denied: your AWS identity may not call pricing:GetProducts");
        assertFalse(Files.exists(cache.resolve("prices")), "nothing cached from the table");
    }

    @Test
    void aRegionWithoutPricesIsOneLineAndExitOne() {
        pricing.denied = true;
        Cli.Result result = cli().run(new Cost(), "--region", "ap-southeast-2");
        assertEquals(1, result.exitCode(), result::toString);
        result.assertErrContains("No prices for ap-southeast-2: the Price List API did not answer");
        assertFalse(result.err().contains("Exception"), result::toString);
    }

    @Test
    void aBadScheduleIsAUsageError() {
        Cli.Result result = cli().env("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)").run(new Cost(), "--region", "us-east-1");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("labs.schedule.wake is set (from LABS_SCHEDULE_WAKE) but labs.schedule.sleep is not");
    }

    @Test
    void provisionsPlanEndsWithTheMonthAtListPrices() {
        FakeAccount account = new FakeAccount();
        Cli.Result result = account.provision("--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("cost     ≈ $77.68 a month always on (list prices in eu-west-1 from the AWS Price List API on ",
                "ECR storage, CloudWatch Logs and CodeBuild minutes not included");
        String json = account.provision("--dry-run", "--json").out();
        assertTrue(json.contains("\"cost\":{\"alwaysOn\":{\"monthly\":77.68,\"currency\":\"USD\""), json);
    }

    @Test
    void statusShowsTheRateOfWhatRunsNow() {
        DefaultStack stack = DefaultStack.running();
        Cli.Result result = stack.cli().run(new Status());
        // eu-west-1: two x86 tasks 39.63, two addresses 7.30, db.t3.micro 13.87 + 20 GB 2.54, cache.t3.micro 13.14, secrets 1.20
        result.assertOutContains("Cost      ≈ $77.68 a month at the rate of what runs now (the AWS Price List API on ");
        stack.rds.instances.replaceAll((id, db) -> db.toBuilder().dbInstanceStatus("stopped").build());
        String json = stack.cli().run(new Status(), "--json").out();
        assertTrue(json.contains("\"cost\":{\"monthly\":63.81,"), "a stopped database bills its storage only: " + json);
        assertTrue(json.contains("{\"resource\":\"RDS db.t3.micro\",\"monthly\":0.0,\"basis\":\"stopped: no instance hours\"}"), json);
    }
}
