import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudWatch Logs on the loopback endpoint (JSON 1.1, target Logs_20140328.ACTION): the log streams
 * that CodeBuild builds write, read with GetLogEvents as the API reference describes
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html):
 * from the end unless startFromHead, at most limit events (default 10,000), a nextForwardToken
 * "f/..." and nextBackwardToken "b/..."; at the end of the stream the same forward token comes back.
 * A missing group or stream is ResourceNotFoundException.
 */
final class LoopbackLogs {
    record Event(long timestamp, String message) {
    }

    private final Map<String, Map<String, List<Event>>> groups = new ConcurrentHashMap<>();

    LoopbackLogs group(String name) {
        groups.putIfAbsent(name, new ConcurrentHashMap<>());
        return this;
    }

    /** Appends a line to a stream, creating it as CodeBuild's agent does with its first line. */
    void put(String group, String stream, Instant at, String message) {
        List<Event> events = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).computeIfAbsent(stream, s -> new ArrayList<>());
        synchronized (events) {
            events.add(new Event(at.toEpochMilli(), message));
        }
    }

    LoopbackAws.Reply answer(String action, Map<String, Object> request) {
        if (!action.equals("GetLogEvents")) {
            return LoopbackAws.Reply.jsonError("UnknownOperationException", null);
        }
        Map<String, List<Event>> group = groups.get(String.valueOf(request.get("logGroupName")));
        if (group == null) return LoopbackAws.Reply.jsonError("ResourceNotFoundException", "The specified log group does not exist.");
        List<Event> stream = group.get(String.valueOf(request.get("logStreamName")));
        if (stream == null) return LoopbackAws.Reply.jsonError("ResourceNotFoundException", "The specified log stream does not exist.");
        List<Event> all;
        synchronized (stream) {
            all = List.copyOf(stream);
        }
        int limit = request.get("limit") instanceof Number n ? n.intValue() : 10_000;
        String token = (String) request.get("nextToken");
        int from;
        int to;
        if (token != null && token.startsWith("f/")) {
            from = Math.min(all.size(), Integer.parseInt(token.substring(2)));
            to = Math.min(all.size(), from + limit);
        } else if (token != null && token.startsWith("b/")) {
            to = Math.min(all.size(), Integer.parseInt(token.substring(2)));
            from = Math.max(0, to - limit);
        } else if (token != null) {
            return LoopbackAws.Reply.jsonError("InvalidParameterException", "The specified nextToken is invalid.");
        } else if (Boolean.TRUE.equals(request.get("startFromHead"))) {
            from = 0;
            to = Math.min(all.size(), limit);
        } else {
            to = all.size();
            from = Math.max(0, to - limit);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (Event event : all.subList(from, to)) {
            events.add(LoopbackAws.map("timestamp", event.timestamp(), "message", event.message(), "ingestionTime", event.timestamp()));
        }
        return LoopbackAws.Reply.json(200, LoopbackAws.map("events", events, "nextForwardToken", token(true, to),
                "nextBackwardToken", token(false, from)));
    }

    /** Tokens of 56 digits, the length CloudWatch's have. */
    private static String token(boolean forward, int index) {
        return (forward ? "f/" : "b/") + String.format("%056d", index);
    }
}
