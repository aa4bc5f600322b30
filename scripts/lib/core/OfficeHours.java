import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the environment wakes and sleeps by the clock (labs.schedule.wake, labs.schedule.sleep,
 * labs.schedule.timezone): both expressions or neither. The database starts DATABASE_LEAD before the
 * services wake, since RDS takes minutes to become available and the web would fail its health
 * check meanwhile; it stops DATABASE_LAG after they sleep, once their tasks have let go of it.
 */
record OfficeHours(AwsCron wake, AwsCron sleep, ZoneId zone) {
    static final Duration DATABASE_LEAD = Duration.ofMinutes(15);
    static final Duration DATABASE_LAG = Duration.ofMinutes(5);

    /** The settings' schedule, empty for an always-on environment; a usage error names what to fix. */
    static Optional<OfficeHours> from(Config config) {
        Resolved wake = config.resolve(Setting.SCHEDULE_WAKE);
        Resolved sleep = config.resolve(Setting.SCHEDULE_SLEEP);
        boolean hasWake = wake.value() != null && !wake.value().isBlank();
        boolean hasSleep = sleep.value() != null && !sleep.value().isBlank();
        if (!hasWake && !hasSleep) return Optional.empty();
        if (hasWake != hasSleep) {
            Setting missing = hasWake ? Setting.SCHEDULE_SLEEP : Setting.SCHEDULE_WAKE;
            Resolved given = hasWake ? wake : sleep;
            throw LabsException.usage((hasWake ? Setting.SCHEDULE_WAKE : Setting.SCHEDULE_SLEEP).key + " is set (from "
                    + given.source() + ") but " + missing.key + " is not: set both, or neither for an environment that is always on");
        }
        OfficeHours hours = new OfficeHours(cron(Setting.SCHEDULE_WAKE, wake), cron(Setting.SCHEDULE_SLEEP, sleep),
                zone(config.resolve(Setting.SCHEDULE_TIMEZONE)));
        movable(Setting.SCHEDULE_WAKE, wake, hours::databaseStart, DATABASE_LEAD.toMinutes() + " minutes earlier");
        movable(Setting.SCHEDULE_SLEEP, sleep, hours::databaseStop, DATABASE_LAG.toMinutes() + " minutes later");
        return Optional.of(hours);
    }

    private static AwsCron cron(Setting setting, Resolved value) {
        try {
            return AwsCron.parse(value.value());
        } catch (AwsCron.Invalid e) {
            throw LabsException.usage(setting.key + " must be an EventBridge Scheduler cron expression " + e.getMessage()
                    + ", e.g. cron(0 8 ? * MON-FRI *); got '" + value.value() + "' from " + value.source());
        }
    }

    /** Scheduler takes IANA names only (ScheduleExpressionTimezone), so no offsets such as +01:00. */
    private static ZoneId zone(Resolved value) {
        String name = value.value() == null ? "" : value.value().trim();
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw LabsException.usage(Setting.SCHEDULE_TIMEZONE.key + " must be an IANA time zone such as UTC or Europe/London; got '"
                    + value.value() + "' from " + value.source());
        }
        return ZoneId.of(name);
    }

    /** When the database starts: the wake, DATABASE_LEAD earlier. */
    AwsCron databaseStart() {
        return wake.shifted(-(int) DATABASE_LEAD.toMinutes());
    }

    /** When the database stops: the sleep, DATABASE_LAG later. */
    AwsCron databaseStop() {
        return sleep.shifted((int) DATABASE_LAG.toMinutes());
    }

    /** The database's expression must exist for the setting's: Scheduler has no offset to express it otherwise. */
    private static void movable(Setting setting, Resolved value, Supplier<AwsCron> move, String when) {
        try {
            move.get();
        } catch (AwsCron.Invalid why) {
            throw LabsException.usage(setting.key + " '" + value.value() + "' (from " + value.source() + ") cannot be moved " + when
                    + " for the database's schedule (Scheduler has no offset): write it " + why.getMessage() + ", e.g. cron(0 8 ? * MON-FRI *)");
        }
    }

    /** The next wake after now, in the schedule's time zone. */
    Optional<ZonedDateTime> nextWake(Instant now) {
        return wake.nextAfter(now.atZone(zone));
    }

    Optional<ZonedDateTime> nextSleep(Instant now) {
        return sleep.nextAfter(now.atZone(zone));
    }

    /** The share of the time each part of the environment is awake: 1 for always on. */
    record Share(double services, double database, double serviceHoursPerWeek) {
        static final Share ALWAYS = new Share(1, 1, 168);
    }

    /**
     * The share of time awake over four sample weeks (fixed, so that the same settings always give
     * the same figures): the services from each wake to the next sleep, the database from its own
     * start to its own stop.
     */
    Share share() {
        ZonedDateTime start = ZonedDateTime.of(2027, 1, 4, 0, 0, 0, 0, zone);
        Duration sample = Duration.ofDays(28);
        Duration services = awake(wake, sleep, start, sample);
        Duration database = awake(databaseStart(), databaseStop(), start, sample);
        double seconds = sample.toSeconds();
        return new Share(services.toSeconds() / seconds, database.toSeconds() / seconds,
                services.toSeconds() / 3600.0 / (sample.toDays() / 7.0));
    }

    /** Time between each on and the next off within the sample; the week before it decides the state at its start. */
    private static Duration awake(AwsCron on, AwsCron off, ZonedDateTime start, Duration sample) {
        ZonedDateTime end = start.plus(sample);
        java.util.TreeMap<ZonedDateTime, Boolean> switches = new java.util.TreeMap<>();
        for (AwsCron cron : java.util.List.of(on, off)) {
            Optional<ZonedDateTime> next = cron.nextAfter(start.minusDays(8));
            while (next.isPresent() && next.get().isBefore(end)) {
                switches.put(next.get(), cron == on);
                next = cron.nextAfter(next.get());
            }
        }
        boolean awake = false;
        ZonedDateTime since = start;
        Duration total = Duration.ZERO;
        for (var change : switches.entrySet()) {
            ZonedDateTime at = change.getKey().isBefore(start) ? start : change.getKey();
            if (awake && !change.getValue()) total = total.plus(Duration.between(since, at));
            if (awake != change.getValue()) since = at;
            awake = change.getValue();
        }
        return awake ? total.plus(Duration.between(since, end)) : total;
    }
}
