/** A setting's value and where it came from, so that an error can name the place to fix. */
record Resolved(String value, String source) {
}
