///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs", sortOptions = false,
        description = {"Print the services' log lines, merged in time order, each prefixed with service and task id.",
                "",
                "Reads the CloudWatch log groups of the services' live task definitions. --follow keeps printing " +
                        "new lines until Ctrl-C (which exits 0).",
                "",
                "Replaces the runbook's aws logs tail /ecs/labs-jj-web --since 10m --follow."},
        footer = {"", "Examples:", "  jbang logs@labs", "  jbang logs@labs --service web --since 2h --filter ERROR",
                "  jbang logs@labs --follow", "  jbang logs@labs --task 0123456789ab", "  jbang logs@labs --since 2026-11-26T09:00:00Z"})
class Logs implements Callable<Integer> {
    static final Duration FOLLOW_POLL = Duration.ofSeconds(2);
    /** Lines can reach CloudWatch a little after their timestamp: --follow looks back this far and skips what it printed. */
    static final Duration INGESTION_LAG = Duration.ofSeconds(10);
    static final int TASK_ID_SHOWN = 12;

    @Option(names = "--service", paramLabel = "web|worker", description = "Only this service's log (default: both).")
    AppService service;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Start: a duration back from now (10m, 2h, 1d) or an ISO-8601 time (default: 10m; with --task: the task's whole log).")
    String since;

    @Option(names = "--follow", description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Option(names = "--filter", paramLabel = "PATTERN", description = "CloudWatch Logs filter pattern, e.g. ERROR or \"\\\"status 500\\\"\".")
    String filter;

    @Option(names = "--task", paramLabel = "ID", description = "Only this task's log (a full task id or its start), a stopped migration's too.")
    String task;

    @Mixin
    LabsOptions labs = new LabsOptions();

    /** A service's log group and the stream prefix that selects what to read in it. */
    record Source(AppService service, String group, String streamPrefix) {
    }

    record ServiceLine(AppService service, LogLine line) {
    }

    public static void main(String... args) {
        Labs.exit(new Logs(), args);
    }

    @Override
    public Integer call() {
        Ticker ticker = labs.ticker();
        Instant start = since != null ? pointInTime(since, ticker.now())
                : task != null ? Instant.EPOCH : ticker.now().minus(Duration.ofMinutes(10));
        List<Source> sources = sources();
        CloudWatchLogs logs = new CloudWatchLogs(labs);
        Map<String, Instant> printed = new HashMap<>();
        if (!follow) {
            int shown = print(read(logs, sources, start), printed);
            if (shown == 0) labs.console().info("No log lines since " + start.truncatedTo(ChronoUnit.SECONDS)
                    + (task == null ? "" : " for task " + task) + (filter == null ? "" : " matching " + filter));
            return 0;
        }
        ticker.catchInterrupts();
        labs.console().info("Following " + sources.stream().map(Source::group).toList() + " (Ctrl-C to stop)");
        return Waits.poll(ticker, FOLLOW_POLL, Waits.FOREVER, elapsed -> {
            Instant newest = printed.values().stream().max(Comparator.naturalOrder()).orElse(start);
            Instant from = newest.minus(INGESTION_LAG).isAfter(start) ? newest.minus(INGESTION_LAG) : start;
            print(read(logs, sources, from), printed);
            printed.values().removeIf(time -> time.isBefore(from.minus(INGESTION_LAG)));
            return ticker.interruptRequested() ? Optional.of(0) : Optional.empty();
        }, elapsed -> 0);
    }

    /** Where each selected service logs, from its live task definition's awslogs options. */
    private List<Source> sources() {
        Ecs ecs = new Ecs(labs);
        Revisions revisions = new Revisions(labs, ecs);
        List<AppService> services = service == null ? List.of(AppService.values()) : List.of(service);
        List<Source> sources = new ArrayList<>();
        for (AppService name : services) {
            Revision live = ecs.revision(ecs.service(name).taskDefinition());
            var container = revisions.appContainer(live.taskDefinition());
            LogLocation location = LogLocation.of(container).orElseThrow(() -> LabsException.failed("The container "
                    + container.name() + " of " + live.name() + " does not log to CloudWatch (no awslogs log driver)"));
            sources.add(new Source(name, location.group(), task == null ? null : location.stream(task)));
        }
        return sources;
    }

    /** FilterLogEvents per group, merged by time (a stable sort keeps each group's own order for equal times). */
    private List<ServiceLine> read(CloudWatchLogs logs, List<Source> sources, Instant from) {
        List<ServiceLine> lines = new ArrayList<>();
        for (Source source : sources) {
            logs.filter(source.group(), source.streamPrefix(), from, filter)
                    .forEach(line -> lines.add(new ServiceLine(source.service(), line)));
        }
        lines.sort(Comparator.comparing(entry -> entry.line().time()));
        return lines;
    }

    /** Prints the lines not printed yet; returns how many. */
    private int print(List<ServiceLine> lines, Map<String, Instant> printed) {
        int count = 0;
        for (ServiceLine entry : lines) {
            LogLine line = entry.line();
            if (printed.putIfAbsent(line.eventId(), line.time()) != null) continue;
            String taskId = LogLocation.taskIdOf(line.stream());
            String shortId = taskId.length() > TASK_ID_SHOWN ? taskId.substring(0, TASK_ID_SHOWN) : taskId;
            if (labs.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("time", line.time().toString());
                json.put("service", entry.service().id);
                json.put("task", taskId);
                json.put("message", line.message());
                labs.console().json(json);
            } else {
                labs.console().result(line.time().truncatedTo(ChronoUnit.MILLIS) + " " + entry.service() + " " + shortId + " "
                        + line.message());
            }
            count++;
        }
        return count;
    }

    /** 10m, 2h, PT30M (back from now) or an ISO-8601 time; a time without an offset is UTC. */
    static Instant pointInTime(String text, Instant now) {
        String value = text.trim();
        if (!value.contains("-")) return now.minus(Durations.parse(value, "--since"));
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw LabsException.usage("--since takes 10m, 2h or an ISO-8601 time such as 2026-11-26T09:00:00Z, not '"
                            + text + "'");
                }
            }
        }
    }
}
