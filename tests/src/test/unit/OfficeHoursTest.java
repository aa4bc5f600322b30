import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The office-hours settings, AWS cron expressions, and the database's schedules moved around the services'. */
class OfficeHoursTest {
    private static Config config(Map<String, String> environment) {
        return Config.load(Map.of(), environment, Path.of("target/no-such-folder"), null);
    }

    private static Optional<OfficeHours> hours(String wake, String sleep, String zone) {
        Map<String, String> environment = new java.util.HashMap<>();
        if (wake != null) environment.put("LABS_SCHEDULE_WAKE", wake);
        if (sleep != null) environment.put("LABS_SCHEDULE_SLEEP", sleep);
        if (zone != null) environment.put("LABS_SCHEDULE_TIMEZONE", zone);
        return OfficeHours.from(config(environment));
    }

    private static String usageError(String wake, String sleep, String zone) {
        LabsException e = assertThrows(LabsException.class, () -> hours(wake, sleep, zone));
        assertEquals(LabsException.USAGE, e.exitCode);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void neitherSettingMeansAlwaysOn() {
        assertEquals(Optional.empty(), hours(null, null, null));
    }

    @Test
    void bothOrNeither() {
        assertEquals("labs.schedule.wake is set (from LABS_SCHEDULE_WAKE) but labs.schedule.sleep is not: set both, or neither"
                + " for an environment that is always on", usageError("cron(0 8 ? * MON-FRI *)", null, null));
        assertTrue(usageError(null, "cron(0 18 ? * MON-FRI *)", null).startsWith("labs.schedule.sleep is set"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 8 * * 1-5|written cron(minutes hours day-of-month month day-of-week year)",
            "rate(1 hour)|written cron(",
            "cron(0 8 * * 1-5)|with 6 fields (minutes hours day-of-month month day-of-week year), not 5",
            "cron(0 8 ? * MON-FRI * 1)|with 6 fields",
            "cron(61 8 ? * MON-FRI *)|that AWS accepts (Value 61 not in range [0, 59])",
            "cron(0 8 * * MON-FRI *)|that AWS accepts (Both, a day-of-week AND a day-of-month parameter, are not supported.)",
            "cron(0 8 ? * FUNDAY *)|that AWS accepts (Invalid chars in expression! Expression: FUNDAY Invalid chars: FUNDAY)"})
    void aWakeThatIsNoAwsCronExpressionIsAOneLineUsageError(String wake, String reason) {
        String message = usageError(wake, "cron(0 18 ? * MON-FRI *)", null);
        assertTrue(message.startsWith("labs.schedule.wake must be an EventBridge Scheduler cron expression " + reason), message);
        assertTrue(message.endsWith("got '" + wake + "' from LABS_SCHEDULE_WAKE"), message);
    }

    @Test
    void theTimeZoneMustBeAnIanaName() {
        assertEquals("labs.schedule.timezone must be an IANA time zone such as UTC or Europe/London; got '+01:00' from"
                + " LABS_SCHEDULE_TIMEZONE", usageError("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "+01:00"));
        usageError("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "Europe/Lodnon");
        assertEquals(ZoneId.of("UTC"), hours("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", null).orElseThrow().zone());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cron(0 8 ? * MON-FRI *)|-15|cron(45 7 ? * MON-FRI *)",
            "cron(30 8 ? * MON-FRI *)|-15|cron(15 8 ? * MON-FRI *)",
            "cron(5 0 ? * MON *)|-15|cron(50 23 ? * SUN *)",
            "cron(5 0 ? * MON-FRI *)|-15|cron(50 23 ? * SUN-THU *)",
            "cron(10 0 ? * SUN,WED *)|-15|cron(55 23 ? * TUE,SAT *)",
            "cron(0 0 ? * * *)|-15|cron(45 23 ? * * *)",
            "cron(0 0 * * ? *)|-15|cron(45 23 * * ? *)",
            "cron(0 0 15 * ? *)|-15|cron(45 23 14 * ? *)",
            "cron(0 8-17 ? * MON-FRI *)|-15|cron(45 7-16 ? * MON-FRI *)",
            "cron(0 8,13 ? * MON-FRI *)|-15|cron(45 7,12 ? * MON-FRI *)",
            "cron(0 18 ? * MON-FRI *)|5|cron(5 18 ? * MON-FRI *)",
            "cron(58 23 ? * FRI *)|5|cron(3 0 ? * SAT *)",
            "cron(58 23 ? * SAT *)|5|cron(3 0 ? * SUN *)",
            "cron(55 23 ? 1-12 MON-FRI 2026-2030)|-15|cron(40 23 ? 1-12 MON-FRI 2026-2030)"})
    void shiftsAcrossHoursAndDays(String expression, int minutes, String expected) {
        AwsCron cron = AwsCron.parse(expression);
        AwsCron shifted = cron.shifted(minutes);
        assertEquals(expected, shifted.expression());
        ZonedDateTime time = ZonedDateTime.parse("2026-12-03T09:00:00Z");
        for (int i = 0; i < 60; i++) {
            ZonedDateTime next = cron.nextAfter(time).orElseThrow();
            assertEquals(next.plusMinutes(minutes), shifted.nextAfter(time.plusMinutes(minutes)).orElseThrow(), expression + " after " + time);
            time = next;
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cron(0/10 8 ? * MON-FRI *)|with its minutes as plain numbers (e.g. 0 or 0,30)",
            "cron(0,30 8 ? * MON-FRI *)|with minutes that all fall within one hour once moved",
            "cron(5 * ? * MON-FRI *)|with its hours as plain numbers or ranges (e.g. 8 or 8-17)",
            "cron(5 0,12 ? * MON-FRI *)|with hours that all fall on one day once moved",
            "cron(5 0 ? * MON#1 *)|with its days of the week as names, numbers or ranges (e.g. MON-FRI)",
            "cron(5 0 1 * ? *)|with days of the month that stay within every month once moved across midnight (2-28)",
            "cron(5 0 L * ? *)|with its days of the month as numbers or ranges",
            "cron(5 0 ? JAN MON *)|with months and years * when the move crosses midnight"})
    void aWakeTheDatabaseCannotPrecedeInOneExpressionIsAUsageError(String wake, String reason) {
        String message = usageError(wake, "cron(0 18 ? * MON-FRI *)", null);
        assertEquals("labs.schedule.wake '" + wake + "' (from LABS_SCHEDULE_WAKE) cannot be moved 15 minutes earlier for the"
                + " database's schedule (Scheduler has no offset): write it " + reason + ", e.g. cron(0 8 ? * MON-FRI *)", message);
    }

    @Test
    void theDatabaseStartsFifteenMinutesBeforeTheWakeAndStopsFiveAfterTheSleep() {
        OfficeHours hours = hours("cron(5 0 ? * MON *)", "cron(0 18 ? * FRI *)", "Europe/London").orElseThrow();
        assertEquals("cron(50 23 ? * SUN *)", hours.databaseStart().expression());
        assertEquals("cron(5 18 ? * FRI *)", hours.databaseStop().expression());
    }

    @Test
    void nextWakeAndSleepInTheScheduleTimeZone() {
        OfficeHours hours = hours("cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)", "America/New_York").orElseThrow();
        Instant fridayEvening = Instant.parse("2026-12-04T23:30:00Z");
        assertEquals(ZonedDateTime.parse("2026-12-07T08:00-05:00[America/New_York]"), hours.nextWake(fridayEvening).orElseThrow());
        assertEquals(ZonedDateTime.parse("2026-12-07T18:00-05:00[America/New_York]"), hours.nextSleep(fridayEvening).orElseThrow());
    }
}
