import java.time.Instant;

/** A log line with the stream it came from. */
record LogLine(Instant time, String stream, String message, String eventId) {
}
