import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * In-memory CloudWatch Logs, answering like the API reference says:
 * GetLogEvents returns at most `limit` events (default: up to 10,000), from the head with
 * startFromHead=true or else the newest ones; nextForwardToken comes back unchanged at the end of
 * the stream; an unknown group or stream throws ResourceNotFoundException.
 * FilterLogEvents returns events sorted by timestamp (then ingestion), from startTime inclusive,
 * matching every term of the filter pattern (a quoted term is one exact phrase), in pages with a
 * nextToken while more remain.
 */
class FakeLogs implements CloudWatchLogsClient {
    static final int FILTER_PAGE = 50;

    record Event(Instant time, String message, String eventId, long ingestion) {
    }

    final Map<String, Map<String, List<Event>>> groups = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private long ingested;

    FakeLogs group(String name) {
        groups.putIfAbsent(name, new LinkedHashMap<>());
        return this;
    }

    /** What the awslogs driver does for a container's line: the stream is created with the first line. */
    void put(String group, String stream, Instant time, String message) {
        Map<String, List<Event>> streams = groups.get(group);
        if (streams == null) throw new IllegalStateException("awslogs would fail: no log group " + group);
        ingested++;
        streams.computeIfAbsent(stream, s -> new ArrayList<>()).add(new Event(time, message, "ev" + ingested, ingested));
    }

    private Map<String, List<Event>> streamsOf(String group) {
        Map<String, List<Event>> streams = groups.get(group);
        if (streams == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("The specified log group does not exist.").build();
        }
        return streams;
    }

    @Override
    public GetLogEventsResponse getLogEvents(GetLogEventsRequest request) {
        calls.add("GetLogEvents");
        List<Event> events = streamsOf(request.logGroupName()).get(request.logStreamName());
        if (events == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("The specified log stream does not exist.").build();
        }
        int limit = request.limit() == null ? 10_000 : request.limit();
        int from;
        int to;
        if (request.nextToken() != null) {
            from = Integer.parseInt(request.nextToken().substring(2));
            to = Math.min(events.size(), from + limit);
        } else if (Boolean.TRUE.equals(request.startFromHead())) {
            from = 0;
            to = Math.min(events.size(), limit);
        } else {
            to = events.size();
            from = Math.max(0, to - limit);
        }
        List<OutputLogEvent> page = events.subList(from, to).stream()
                .map(e -> OutputLogEvent.builder().timestamp(e.time().toEpochMilli()).message(e.message())
                        .ingestionTime(e.time().toEpochMilli()).build())
                .toList();
        return GetLogEventsResponse.builder().events(page).nextForwardToken("f/" + to).nextBackwardToken("b/" + from).build();
    }

    @Override
    public FilterLogEventsResponse filterLogEvents(FilterLogEventsRequest request) {
        calls.add("FilterLogEvents");
        List<FilteredLogEvent> matching = new ArrayList<>();
        streamsOf(request.logGroupName()).forEach((stream, events) -> {
            if (request.logStreamNamePrefix() != null && !stream.startsWith(request.logStreamNamePrefix())) return;
            for (Event event : events) {
                if (request.startTime() != null && event.time().toEpochMilli() < request.startTime()) continue;
                if (request.endTime() != null && event.time().toEpochMilli() > request.endTime()) continue;
                if (!matches(request.filterPattern(), event.message())) continue;
                matching.add(FilteredLogEvent.builder().logStreamName(stream).timestamp(event.time().toEpochMilli())
                        .ingestionTime(event.ingestion()).message(event.message()).eventId(event.eventId()).build());
            }
        });
        matching.sort(Comparator.comparing(FilteredLogEvent::timestamp).thenComparing(FilteredLogEvent::ingestionTime));
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(matching.size(), from + FILTER_PAGE);
        return FilterLogEventsResponse.builder().events(matching.subList(from, to))
                .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
    }

    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    /** CloudWatch's unstructured filter syntax, the part labs' users type: every term must occur. */
    static boolean matches(String pattern, String message) {
        if (pattern == null || pattern.isBlank()) return true;
        Matcher term = TERM.matcher(pattern);
        while (term.find()) {
            String text = term.group(1) != null ? term.group(1) : term.group(2);
            if (!message.contains(text)) return false;
        }
        return true;
    }

    List<String> messages(String group, String stream) {
        return groups.get(group).getOrDefault(stream, List.of()).stream().map(Event::message).toList();
    }

    // ---- What provision and teardown call (CloudWatch Logs API reference): DescribeLogGroups matches a name
    // prefix, CreateLogGroup refuses an existing name (ResourceAlreadyExistsException), PutRetentionPolicy
    // takes only the listed day counts, tags are read by the group's ARN without ":*".

    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    Faults faults = new Faults();
    final Map<String, Integer> retention = new LinkedHashMap<>();
    final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

    static String arn(String name) {
        return "arn:aws:logs:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":log-group:" + name;
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse describeLogGroups(
            software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest request) {
        return software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse.builder().logGroups(groups.keySet().stream()
                .filter(name -> request.logGroupNamePrefix() == null || name.startsWith(request.logGroupNamePrefix()))
                .map(name -> software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup.builder().logGroupName(name)
                        .arn(arn(name) + ":*").logGroupArn(arn(name)).retentionInDays(retention.get(name)).build())
                .toList()).build();
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.model.ListTagsForResourceResponse listTagsForResource(
            software.amazon.awssdk.services.cloudwatchlogs.model.ListTagsForResourceRequest request) {
        String name = request.resourceArn().substring(request.resourceArn().indexOf(":log-group:") + ":log-group:".length());
        streamsOf(name);
        return software.amazon.awssdk.services.cloudwatchlogs.model.ListTagsForResourceResponse.builder()
                .tags(tags.getOrDefault(name, Map.of())).build();
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse createLogGroup(
            software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest request) {
        return faults.call("logs:CreateLogGroup", () -> {
            if (groups.containsKey(request.logGroupName())) {
                throw software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException.builder().statusCode(400)
                        .message("The specified log group already exists").build();
            }
            group(request.logGroupName());
            tags.put(request.logGroupName(), request.tags());
            return software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse putRetentionPolicy(
            software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest request) {
        return faults.call("logs:PutRetentionPolicy", () -> {
            streamsOf(request.logGroupName());
            if (!RETENTION_DAYS.contains(request.retentionInDays())) {
                throw software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException.builder().statusCode(400)
                        .message("1 validation error detected: retentionInDays").build();
            }
            retention.put(request.logGroupName(), request.retentionInDays());
            return software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupResponse deleteLogGroup(
            software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupRequest request) {
        return faults.call("logs:DeleteLogGroup", () -> {
            streamsOf(request.logGroupName());
            groups.remove(request.logGroupName());
            retention.remove(request.logGroupName());
            tags.remove(request.logGroupName());
            return software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public void close() {
    }
}
