import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the environment wakes and sleeps (labs.schedule.*): two EventBridge Scheduler cron
 * expressions and a time zone. Scheduler's format, cron(minutes hours day-of-month month
 * day-of-week year), is Quartz's without the seconds field, so the expressions are read as Quartz
 * with a leading 0 (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).
 */
record OfficeHours(String wake, String sleep, ZoneId zone) {
    private static final Pattern SCHEDULER_CRON = Pattern.compile("cron\\(\\s*(\\S+(?:\\s+\\S+){5})\\s*\\)");
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    /** A fixed stretch of four weeks, so that the same settings always give the same share. */
    private static final Duration SAMPLE = Duration.ofDays(28);

    /** The share of the time each part of the environment is awake: 1 for always on. */
    record Share(double services, double database, double serviceHoursPerWeek) {
        static final Share ALWAYS = new Share(1, 1, 168);
    }

    /** The office hours of the settings; empty when neither expression is set. */
    static Optional<OfficeHours> from(Config config) {
        Resolved wake = config.resolve(Setting.SCHEDULE_WAKE);
        Resolved sleep = config.resolve(Setting.SCHEDULE_SLEEP);
        boolean hasWake = present(wake);
        boolean hasSleep = present(sleep);
        if (!hasWake && !hasSleep) return Optional.empty();
        if (hasWake != hasSleep) {
            Setting missing = hasWake ? Setting.SCHEDULE_SLEEP : Setting.SCHEDULE_WAKE;
            throw LabsException.usage("Set " + missing.key + " too: a schedule needs both " + Setting.SCHEDULE_WAKE.key + " and "
                    + Setting.SCHEDULE_SLEEP.key);
        }
        Resolved zone = config.resolve(Setting.SCHEDULE_TIMEZONE);
        OfficeHours hours = new OfficeHours(wake.value().strip(), sleep.value().strip(), zone(zone));
        executions(Setting.SCHEDULE_WAKE, wake);
        executions(Setting.SCHEDULE_SLEEP, sleep);
        return Optional.of(hours);
    }

    /** The next time the environment wakes after the given moment, in the schedule's zone. */
    Optional<ZonedDateTime> nextWake(ZonedDateTime after) {
        return executions(wake).nextExecution(after.withZoneSameInstant(zone));
    }

    /** The next time the environment goes to sleep after the given moment, in the schedule's zone. */
    Optional<ZonedDateTime> nextSleep(ZonedDateTime after) {
        return executions(sleep).nextExecution(after.withZoneSameInstant(zone));
    }

    /**
     * The share of time awake over four sample weeks: the services from each wake to the next
     * sleep; the database also for databaseLead before each wake, since it starts first.
     */
    Share share(Duration databaseLead) {
        ZonedDateTime start = ZonedDateTime.of(2027, 1, 4, 0, 0, 0, 0, zone);
        ZonedDateTime end = start.plus(SAMPLE);
        List<Switch> switches = new ArrayList<>();
        collect(executions(wake), true, start, end, switches);
        collect(executions(sleep), false, start, end, switches);
        switches.sort(Comparator.comparing(Switch::at));
        boolean awake = awakeAt(start);
        ZonedDateTime since = start;
        ZonedDateTime lastSleep = start.minus(databaseLead);
        Duration services = Duration.ZERO;
        Duration database = Duration.ZERO;
        for (Switch change : switches) {
            if (change.wakes() == awake) continue;
            if (awake) {
                services = services.plus(Duration.between(since, change.at()));
                lastSleep = change.at();
            } else {
                Duration lead = Duration.between(lastSleep, change.at());
                database = database.plus(lead.compareTo(databaseLead) < 0 ? lead : databaseLead);
            }
            awake = change.wakes();
            since = change.at();
        }
        if (awake) services = services.plus(Duration.between(since, end));
        database = database.plus(services);
        double sample = SAMPLE.toSeconds();
        return new Share(services.toSeconds() / sample, Math.min(1, database.toSeconds() / sample),
                services.toSeconds() / 3600.0 / (SAMPLE.toDays() / 7.0));
    }

    private record Switch(ZonedDateTime at, boolean wakes) {
    }

    private boolean awakeAt(ZonedDateTime moment) {
        Optional<ZonedDateTime> lastWake = executions(wake).lastExecution(moment);
        Optional<ZonedDateTime> lastSleep = executions(sleep).lastExecution(moment);
        if (lastWake.isEmpty()) return false;
        return lastSleep.isEmpty() || lastWake.get().isAfter(lastSleep.get());
    }

    private static void collect(ExecutionTime times, boolean wakes, ZonedDateTime start, ZonedDateTime end, List<Switch> into) {
        Optional<ZonedDateTime> next = times.nextExecution(start);
        while (next.isPresent() && next.get().isBefore(end)) {
            into.add(new Switch(next.get(), wakes));
            next = times.nextExecution(next.get());
        }
    }

    private static boolean present(Resolved resolved) {
        return resolved.value() != null && !resolved.value().isBlank() && !"none".equals(resolved.value().strip());
    }

    private static ZoneId zone(Resolved zone) {
        try {
            return ZoneId.of(zone.value().strip());
        } catch (DateTimeException e) {
            throw LabsException.usage(Setting.SCHEDULE_TIMEZONE.key + " must be an IANA time zone such as Europe/London or UTC, got '"
                    + zone.value() + "' from " + zone.source());
        }
    }

    private static ExecutionTime executions(Setting setting, Resolved expression) {
        try {
            return executions(expression.value().strip());
        } catch (IllegalArgumentException e) {
            throw LabsException.usage(setting.key + " must be an EventBridge Scheduler cron expression such as cron(0 8 ? * MON-FRI *), got '"
                    + expression.value() + "' from " + expression.source() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static ExecutionTime executions(String expression) {
        Matcher matcher = SCHEDULER_CRON.matcher(expression);
        if (!matcher.matches()) throw new IllegalArgumentException("six fields inside cron(...)");
        return ExecutionTime.forCron(QUARTZ.parse("0 " + matcher.group(1)).validate());
    }
}
