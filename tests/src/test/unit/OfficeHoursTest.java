import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfficeHoursTest {
    private static OfficeHours hours(String wake, String sleep, String zone) {
        return new OfficeHours(wake, sleep, ZoneId.of(zone));
    }

    @Test
    void aWorkingWeekOfTenHourDaysIsFiftyHoursAndTheDatabaseStartsAQuarterHourEarlier() {
        OfficeHours.Share share = hours("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "Europe/London").share(Duration.ofMinutes(15));
        assertEquals(50, share.serviceHoursPerWeek(), 1e-9);
        assertEquals(50.0 / 168, share.services(), 1e-9);
        assertEquals(51.25 / 168, share.database(), 1e-9);
    }

    @Test
    void aScheduleThatSleepsOnFridayEveningAndWakesOnMondayCountsTheWholeWeekBetween() {
        OfficeHours.Share share = hours("cron(5 0 ? * MON *)", "cron(0 20 ? * FRI *)", "UTC").share(Duration.ofMinutes(15));
        double awake = 4 * 24 + 20 - 5 / 60.0;
        assertEquals(awake, share.serviceHoursPerWeek(), 1e-9);
        assertEquals((awake + 0.25) / 168, share.database(), 1e-9);
    }

    @Test
    void theNextWakeAndSleepFollowTheTimeZone() {
        OfficeHours hours = hours("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "America/New_York");
        ZonedDateTime saturday = ZonedDateTime.parse("2026-12-05T12:00:00Z");
        assertEquals(ZonedDateTime.parse("2026-12-07T08:00-05:00[America/New_York]"), hours.nextWake(saturday).orElseThrow());
        assertEquals(ZonedDateTime.parse("2026-12-07T18:00-05:00[America/New_York]"), hours.nextSleep(saturday).orElseThrow());
    }

    @Test
    void settingsAreCheckedWithOneLineThatNamesTheSetting() {
        assertUsage("Set labs.schedule.sleep too", Map.of("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)"));
        assertUsage("labs.schedule.wake must be an EventBridge Scheduler cron expression such as cron(0 8 ? * MON-FRI *), got '0 8 * * 1-5'",
                Map.of("LABS_SCHEDULE_WAKE", "0 8 * * 1-5", "LABS_SCHEDULE_SLEEP", "cron(0 18 ? * MON-FRI *)"));
        assertUsage("labs.schedule.sleep must be an EventBridge Scheduler cron expression",
                Map.of("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)", "LABS_SCHEDULE_SLEEP", "cron(0 25 ? * MON-FRI *)"));
        assertUsage("labs.schedule.timezone must be an IANA time zone such as Europe/London or UTC, got 'Mars/Olympus'",
                Map.of("LABS_SCHEDULE_WAKE", "cron(0 8 ? * MON-FRI *)", "LABS_SCHEDULE_SLEEP", "cron(0 18 ? * MON-FRI *)",
                        "LABS_SCHEDULE_TIMEZONE", "Mars/Olympus"));
        assertTrue(OfficeHours.from(config(Map.of())).isEmpty(), "no schedule without settings");
    }

    private static void assertUsage(String expected, Map<String, String> environment) {
        LabsException e = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class, () -> OfficeHours.from(config(environment)));
        assertEquals(LabsException.USAGE, e.exitCode);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    private static Config config(Map<String, String> environment) {
        return Config.load(new HashMap<>(), environment, Path.of("target"), null);
    }
}
