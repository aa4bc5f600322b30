import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Every call labs makes to CloudWatch Logs, each AWS action in its own method: reading the tasks'
 * log lines (the tasks' and a CodeBuild build's), and the log groups that provision and teardown
 * manage (the containers' /ecs/SERVICE and the remote builder's).
 */
final class CloudWatchLogs {
    private final CloudWatchLogsClient logs;
    private final Names names;
    private final Console console;

    CloudWatchLogs(LabsOptions labs) {
        this.logs = labs.aws().client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

    // ---- Log lines

    /** GetLogEvents from the end: the last lines of one task's stream; none when the stream does not exist (yet). */
    List<String> tail(LogLocation location, String taskId, int lines) {
        try {
            return logs.getLogEvents(r -> r.logGroupName(location.group()).logStreamName(location.stream(taskId))
                    .startFromHead(false).limit(lines)).events().stream().map(OutputLogEvent::message).toList();
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
    }

    /** Follows one stream from its start, page by page, as a task runs. */
    StreamReader reader(LogLocation location, String taskId) {
        return new StreamReader(location.group(), location.stream(taskId));
    }

    /** Follows any stream from its start (a CodeBuild build's, say). */
    StreamReader reader(String group, String stream) {
        return new StreamReader(group, stream);
    }

    /** FilterLogEvents over a group, paginated; streamPrefix and pattern may be null. */
    List<LogLine> filter(String group, String streamPrefix, Instant since, String pattern) {
        List<LogLine> lines = new ArrayList<>();
        try {
            for (FilteredLogEvent event : logs.filterLogEventsPaginator(r -> r.logGroupName(group)
                    .logStreamNamePrefix(streamPrefix).startTime(since.toEpochMilli()).filterPattern(pattern)).events()) {
                lines.add(new LogLine(Instant.ofEpochMilli(event.timestamp()), event.logStreamName(), event.message(),
                        event.eventId()));
            }
        } catch (ResourceNotFoundException e) {
            throw LabsException.failed("Log group " + group + " does not exist: has the service ever run? (run provision, then deploy)");
        }
        return lines;
    }

    /**
     * GetLogEvents with the forward token: per the API reference the same token comes back once the
     * end of the stream is reached, and the stream does not exist until the container has started.
     */
    final class StreamReader {
        private final String group;
        private final String stream;
        private String token;

        private StreamReader(String group, String stream) {
            this.group = group;
            this.stream = stream;
        }

        List<String> newLines() {
            List<String> lines = new ArrayList<>();
            while (true) {
                GetLogEventsResponse page;
                try {
                    page = logs.getLogEvents(r -> r.logGroupName(group).logStreamName(stream)
                            .startFromHead(true).nextToken(token));
                } catch (ResourceNotFoundException e) {
                    return lines;
                }
                page.events().forEach(event -> lines.add(event.message()));
                boolean end = page.nextForwardToken() == null || page.nextForwardToken().equals(token);
                token = page.nextForwardToken();
                if (end || page.events().isEmpty()) return lines;
            }
        }
    }

    // ---- The services' log groups, for provision and teardown

    /** DescribeLogGroups matches by prefix: keep the exact name only. */
    Observed.LogGroup findGroup(AppService service) {
        return findGroupNamed(names.logGroup(service));
    }

    /** Any of the stack's groups by its name (the services' and the remote builder's). */
    Observed.LogGroup findGroupNamed(String name) {
        LogGroup group = logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> name.equals(g.logGroupName())).findFirst().orElse(null);
        if (group == null) return null;
        String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceAll(":\\*$", "");
        boolean managed = names.prefix().equals(logs.listTagsForResource(r -> r.resourceArn(arn)).tags().get(Names.PREFIX_TAG));
        return new Observed.LogGroup(name, group.retentionInDays(), managed);
    }

    void createGroup(AppService service) {
        createGroupNamed(names.logGroup(service));
    }

    void createGroupNamed(String name) {
        logs.createLogGroup(r -> r.logGroupName(name).tags(names.tags()));
        console.detail("  created log group " + name);
    }

    void putRetention(AppService service, int days) {
        putRetentionNamed(names.logGroup(service), days);
    }

    void putRetentionNamed(String name, int days) {
        logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(days));
    }

    void deleteGroup(AppService service) {
        deleteGroupNamed(names.logGroup(service));
    }

    void deleteGroupNamed(String name) {
        logs.deleteLogGroup(r -> r.logGroupName(name));
    }
}
