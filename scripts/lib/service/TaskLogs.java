import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Reading task logs from CloudWatch Logs, each AWS action in its own method. */
final class TaskLogs {
    private final CloudWatchLogsClient logs;

    TaskLogs(LabsOptions labs) {
        this.logs = labs.aws().client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    }

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
}
