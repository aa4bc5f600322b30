/** exists: nothing to do; differs: reported, left as is; keep: teardown leaves it. */
enum Action {
    EXISTS("exists"), CREATE("create"), UPDATE("update"), DIFFERS("differs"), DELETE("delete"), KEEP("keep");

    final String word;

    Action(String word) {
        this.word = word;
    }
}
