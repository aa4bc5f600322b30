import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The tags that sleep puts on each service before scaling it to 0: when the environment went to
 * sleep and how many tasks the service ran, so that wake brings back what was there. Their
 * presence is what "asleep" means to deploy, migrate and status (DescribeServices with TAGS: no
 * call beyond the ones those commands make anyway).
 */
record SleepTags(Instant since, Integer awakeCount) {
    static final String SINCE = "labs:asleep-since";
    static final String AWAKE_COUNT = "labs:awake-count";

    /**
     * "PREFIX is asleep since T" while a service of the environment carries the tags; empty when it
     * is awake. The services' tags alone tell, so that an awake environment costs no call beyond ECS.
     */
    static Optional<String> asleep(Ecs ecs, String prefix) {
        Instant since = null;
        boolean asleep = false;
        for (AppService key : AppService.values()) {
            Optional<SleepTags> tags = of(ecs.service(key));
            if (tags.isEmpty()) continue;
            asleep = true;
            Instant serviceSince = tags.get().since();
            if (serviceSince != null && (since == null || serviceSince.isBefore(since))) since = serviceSince;
        }
        if (!asleep) return Optional.empty();
        return Optional.of(prefix + " is asleep" + (since == null ? "" : " since " + since));
    }

    static Optional<SleepTags> of(Service service) {
        Map<String, String> tags = new LinkedHashMap<>();
        service.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return of(tags);
    }

    /** A service without the since tag is awake; an unreadable count is left to the configured one. */
    static Optional<SleepTags> of(Map<String, String> tags) {
        String since = tags.get(SINCE);
        if (since == null) return Optional.empty();
        return Optional.of(new SleepTags(instant(since), count(tags.get(AWAKE_COUNT))));
    }

    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SINCE, since == null ? "" : since.toString());
        if (awakeCount != null) tags.put(AWAKE_COUNT, String.valueOf(awakeCount));
        return tags;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Integer count(String value) {
        if (value == null || !value.matches("\\d{1,4}")) return null;
        return Integer.valueOf(value);
    }
}
