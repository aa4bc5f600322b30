import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How much of an environment sleeps, as sleep and wake find it, and what each would do about it:
 * pure, so that plans and outputs are tested without AWS.
 */
record SleepState(String prefix, Map<AppService, ServiceState> services, String databaseId, String databaseStatus,
        Observed.Cache cache, String schedule, boolean scheduleExists, String region) {

    /**
     * One service: its counts, its sleep tags (null when awake), the count wake gives it back (the
     * remembered one, else the configured one), and the id of a deployment still in progress.
     */
    record ServiceState(String name, int desired, int running, SleepTags tags, int wakeCount, String deploymentInProgress) {
        boolean asleep() {
            return tags != null;
        }
    }

    /** Statuses in which RDS cannot stop or start the instance until someone acts (RDS user guide, DB instance status). */
    static final Set<String> DATABASE_STUCK = Set.of("failed", "incompatible-parameters", "incompatible-network",
            "incompatible-restore", "inaccessible-encryption-credentials", "storage-full");


    /** The services sleep tagged: what deploy, migrate and status call asleep. */
    boolean asleep() {
        return services.values().stream().anyMatch(ServiceState::asleep);
    }

    /** When the environment went to sleep (the earliest tag, should two runs have tagged at different times). */
    Optional<Instant> since() {
        return services.values().stream().map(ServiceState::tags).filter(Objects::nonNull).map(SleepTags::since)
                .filter(Objects::nonNull).min(Instant::compareTo);
    }

    /** Nothing left for sleep to do: tagged services at 0 tasks, the database stopped, the schedule there. */
    boolean fullyAsleep() {
        return services.values().stream().allMatch(s -> s.asleep() && s.desired() == 0 && s.running() == 0)
                && "stopped".equals(databaseStatus) && scheduleExists;
    }

    /** Nothing for wake to do: no tagged service, no schedule, the database neither stopped nor stopping. */
    boolean awake() {
        return !asleep() && !scheduleExists && !Rds.DATABASE_STOPPED.contains(databaseStatus);
    }

    /** What sleep would do, one line per resource. */
    List<String> sleepPlan() {
        List<String> lines = new ArrayList<>();
        services.values().forEach(s -> lines.add(s.name() + ": " + (s.desired() == 0 ? "0 tasks already" : s.desired()
                + " task" + (s.desired() == 1 ? "" : "s") + " -> 0") + (s.asleep() ? "" : ", count " + s.desired()
                + " remembered in tag " + SleepTags.AWAKE_COUNT)));
        lines.add("RDS " + databaseId + ": " + ("stopped".equals(databaseStatus) ? "stopped already" : databaseStatus + " -> stopped"));
        lines.add("schedule " + schedule + ": " + (scheduleExists ? "there already" : "create") + " (" + StopSchedule.EXPRESSION
                + ": stops " + databaseId + " again should RDS start it after 7 days)");
        redisNote().ifPresent(lines::add);
        return lines;
    }

    /** What wake would do, one line per resource. */
    List<String> wakePlan() {
        List<String> lines = new ArrayList<>();
        if (scheduleExists) lines.add("schedule " + schedule + ": delete");
        lines.add("RDS " + databaseId + ": " + ("available".equals(databaseStatus) ? "available already" : databaseStatus + " -> available"));
        services.values().stream().filter(ServiceState::asleep).forEach(s -> lines.add(s.name() + ": " + s.desired() + " -> "
                + s.wakeCount() + " task" + (s.wakeCount() == 1 ? "" : "s")));
        return lines;
    }

    /** ElastiCache cannot be stopped: say so, and where the figure is. */
    Optional<String> redisNote() {
        if (cache == null) return Optional.empty();
        return Optional.of("ElastiCache " + cache.id() + " (" + cache.nodeType() + "): keeps running, since ElastiCache cannot"
                + " be stopped, and is billed while the environment sleeps (jbang cost@labs --compare: what a sleeping month costs)");
    }

    /** One line for stdout: what sleeps and what does not. */
    String summary() {
        StringBuilder line = new StringBuilder(prefix + (asleep() ? " is asleep" + since().map(t -> " since " + t).orElse("")
                : " is awake"));
        services.values().forEach(s -> line.append("; ").append(s.name()).append(" ").append(s.desired()).append(" task")
                .append(s.desired() == 1 ? "" : "s").append(s.asleep() ? " (wakes to " + s.wakeCount() + ")" : ""));
        line.append("; RDS ").append(databaseId).append(" ").append(databaseStatus);
        if (cache != null) line.append("; Redis ").append(cache.id()).append(" keeps running (billed)");
        return line.toString();
    }

    /** --json of sleep and wake. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prefix", prefix);
        json.put("asleep", asleep());
        json.put("since", since().map(Instant::toString).orElse(null));
        Map<String, Object> byService = new LinkedHashMap<>();
        services.forEach((key, s) -> {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", s.name());
            service.put("desiredCount", s.desired());
            service.put("runningCount", s.running());
            service.put("awakeCount", s.asleep() ? s.wakeCount() : null);
            byService.put(key.id, service);
        });
        json.put("services", byService);
        json.put("database", Map.of("id", databaseId, "status", databaseStatus));
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("name", this.schedule);
        schedule.put("exists", scheduleExists);
        json.put("schedule", schedule);
        if (cache != null) {
            Map<String, Object> redis = new LinkedHashMap<>();
            redis.put("id", cache.id());
            redis.put("status", cache.status());
            redis.put("nodeType", cache.nodeType());
            redis.put("keepsRunning", true);
            json.put("redis", redis);
        }
        return json;
    }
}
