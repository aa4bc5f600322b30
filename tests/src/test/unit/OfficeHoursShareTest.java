import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The share of the month an environment with office hours is awake: what the cost estimate bills. */
class OfficeHoursShareTest {
    private static OfficeHours hours(String wake, String sleep, String zone) {
        return new OfficeHours(AwsCron.parse(wake), AwsCron.parse(sleep), ZoneId.of(zone));
    }

    @Test
    void aWorkingWeekOfTenHourDaysIsFiftyHoursAndTheDatabaseRunsFromItsStartToItsStop() {
        OfficeHours.Share share = hours("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "Europe/London").share();
        assertEquals(50, share.serviceHoursPerWeek(), 1e-9);
        assertEquals(50.0 / 168, share.services(), 1e-9);
        assertEquals((50 + 5 * 20 / 60.0) / 168, share.database(), 1e-9, "15 minutes before each wake, 5 after each sleep");
    }

    @Test
    void aWeekThatSleepsOnFridayEveningAndWakesOnMondayCountsTheWholeStretchBetween() {
        OfficeHours.Share share = hours("cron(5 0 ? * MON *)", "cron(0 20 ? * FRI *)", "UTC").share();
        double awake = 4 * 24 + 20 - 5 / 60.0;
        assertEquals(awake, share.serviceHoursPerWeek(), 1e-9);
        assertEquals((awake + 20 / 60.0) / 168, share.database(), 1e-9);
    }
}
