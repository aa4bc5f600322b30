import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An EventBridge Scheduler cron expression, cron(minutes hours day-of-month month day-of-week year)
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): checked and
 * evaluated as a Quartz expression with a leading seconds field, whose syntax AWS's follows (1-7 is
 * SUN-SAT, ? in day-of-month or day-of-week, L, W and #). Also shifts an expression by a few
 * minutes, across hours and days, for the database's schedules around the services'.
 */
record AwsCron(String expression, List<String> fields) {
    private static final CronParser QUARTZ = new CronParser(quartz());
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int MINUTES = 0;
    private static final int HOURS = 1;
    private static final int DAY_OF_MONTH = 2;
    private static final int MONTH = 3;
    private static final int DAY_OF_WEEK = 4;
    private static final int YEAR = 5;

    private static CronDefinition quartz() {
        return CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.QUARTZ);
    }

    /** Why an expression is not one, in words that fit after "must be an EventBridge Scheduler cron expression". */
    static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason);
        }
    }

    /** Parses cron(...) with its six fields; throws Invalid saying what is wrong. */
    static AwsCron parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.startsWith("cron(") || !trimmed.endsWith(")")) {
            throw new Invalid("written cron(minutes hours day-of-month month day-of-week year)");
        }
        List<String> fields = List.of(trimmed.substring(5, trimmed.length() - 1).trim().split("\\s+"));
        if (fields.size() != 6) throw new Invalid("with 6 fields (minutes hours day-of-month month day-of-week year), not " + fields.size());
        try {
            QUARTZ.parse("0 " + String.join(" ", fields)).validate();
        } catch (IllegalArgumentException e) {
            throw new Invalid("that AWS accepts (" + reason(e.getMessage()) + ")");
        }
        return new AwsCron("cron(" + String.join(" ", fields) + ")", fields);
    }

    /** cron-utils' reason, without its preamble and its Quartz rendering of the expression (a seconds field the user never wrote). */
    private static String reason(String message) {
        String line = message == null ? "not a cron expression" : message.lines().findFirst().orElse(message);
        return line.replace("Failed to parse cron expression. ", "").replaceFirst("Invalid cron expression: [^.]*\\. ", "").trim();
    }

    /** The first time after the given one (exclusive) that the expression names, in that time's zone. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return ExecutionTime.forCron(QUARTZ.parse("0 " + String.join(" ", fields))).nextExecution(time);
    }

    @Override
    public String toString() {
        return expression;
    }

    /**
     * The expression whose times are each of this one's moved by minutes (less than an hour either
     * way). Scheduler has no offset for a cron schedule, so the fields are rewritten: the minutes
     * must be plain numbers that all cross the hour alike, the hours then plain numbers or ranges
     * that all cross midnight alike, and the days then days of the week, or days of the month that
     * stay within every month; throws Invalid naming what cannot move otherwise.
     */
    AwsCron shifted(int minutes) {
        if (Math.abs(minutes) >= 60) throw new IllegalArgumentException("shift by less than an hour, not " + minutes + " minutes");
        List<String> shifted = new ArrayList<>(fields);
        List<Integer> minuteValues = numbers(fields.get(MINUTES), 59, "its minutes as plain numbers (e.g. 0 or 0,30)");
        int hourCarry = sameCarry(minuteValues, m -> Math.floorDiv(m + minutes, 60), "minutes that all fall within one hour once moved");
        shifted.set(MINUTES, join(minuteValues.stream().map(m -> Math.floorMod(m + minutes, 60)).toList()));
        if (hourCarry != 0) {
            List<Integer> hours = numbers(fields.get(HOURS), 23, "its hours as plain numbers or ranges (e.g. 8 or 8-17)");
            int dayCarry = sameCarry(hours, h -> Math.floorDiv(h + hourCarry, 24), "hours that all fall on one day once moved");
            shifted.set(HOURS, join(hours.stream().map(h -> Math.floorMod(h + hourCarry, 24)).toList()));
            if (dayCarry != 0) shiftDays(shifted, dayCarry);
        }
        return parse("cron(" + String.join(" ", shifted) + ")");
    }

    private void shiftDays(List<String> shifted, int days) {
        if (!"*".equals(fields.get(MONTH)) || !"*".equals(fields.get(YEAR))) {
            throw new Invalid("with months and years * when the move crosses midnight");
        }
        String dayOfWeek = fields.get(DAY_OF_WEEK);
        String dayOfMonth = fields.get(DAY_OF_MONTH);
        if (!"?".equals(dayOfWeek)) {
            if ("*".equals(dayOfWeek)) return;
            List<Integer> weekdays = new ArrayList<>(new TreeSet<>(expand(dayOfWeek, 1, 7, AwsCron::weekday,
                    "its days of the week as names, numbers or ranges (e.g. MON-FRI)")
                    .stream().map(d -> Math.floorMod(d - 1 + days, 7) + 1).toList()));
            shifted.set(DAY_OF_WEEK, String.join(",", ranges(weekdays, d -> DAYS.get(d - 1))));
        } else if (!"*".equals(dayOfMonth)) {
            List<Integer> monthDays = expand(dayOfMonth, 1, 31, Integer::parseInt, "its days of the month as numbers or ranges");
            if (monthDays.stream().anyMatch(d -> d + days < 1 || d + days > 28)) {
                throw new Invalid("with days of the month that stay within every month once moved across midnight (2-28)");
            }
            shifted.set(DAY_OF_MONTH, join(monthDays.stream().map(d -> d + days).toList()));
        }
    }

    private static int weekday(String token) {
        int index = DAYS.indexOf(token.toUpperCase());
        return index >= 0 ? index + 1 : Integer.parseInt(token);
    }

    private static List<Integer> numbers(String field, int max, String wanted) {
        return expand(field, 0, max, Integer::parseInt, wanted);
    }

    /** A field of numbers (or names) and ranges as its sorted values; Invalid for *, /, L, W, # and the like. */
    private static List<Integer> expand(String field, int min, int max, Function<String, Integer> value, String wanted) {
        TreeSet<Integer> values = new TreeSet<>();
        try {
            for (String part : field.split(",")) {
                String[] range = part.split("-", -1);
                if (range.length > 2) throw new NumberFormatException(part);
                int from = value.apply(range[0]);
                int to = value.apply(range[range.length - 1]);
                if (from < min || to > max || from > to) throw new NumberFormatException(part);
                for (int v = from; v <= to; v++) values.add(v);
            }
        } catch (NumberFormatException e) {
            throw new Invalid("with " + wanted);
        }
        return new ArrayList<>(values);
    }

    private static int sameCarry(List<Integer> values, Function<Integer, Integer> carry, String wanted) {
        List<Integer> carries = values.stream().map(carry).distinct().toList();
        if (carries.size() > 1) throw new Invalid("with " + wanted);
        return carries.get(0);
    }

    private static String join(List<Integer> values) {
        return String.join(",", ranges(new ArrayList<>(new TreeSet<>(values)), String::valueOf));
    }

    /** Sorted values as a cron list, consecutive runs of three or more as a range FROM-TO. */
    private static List<String> ranges(List<Integer> sorted, Function<Integer, String> name) {
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i < sorted.size() && sorted.get(i) == sorted.get(i - 1) + 1) continue;
            int from = sorted.get(start);
            int to = sorted.get(i - 1);
            if (to - from >= 2) runs.add(name.apply(from) + "-" + name.apply(to));
            else for (int v = from; v <= to; v++) runs.add(name.apply(v));
            start = i;
        }
        return runs;
    }
}
