import java.util.List;

/** One line of a plan: what happens to one resource, and why (changes to make, differences reported). */
record Step(Kind kind, String name, Action action, List<String> notes) {
    String line() {
        return String.format("%-8s %-18s %s%s", action.word, kind.label, name,
                notes.isEmpty() ? "" : ": " + String.join("; ", notes));
    }
}
