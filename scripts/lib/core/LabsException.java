/** A failure already explained in one sentence, with the exit code DESIGN.md gives it. */
class LabsException extends RuntimeException {
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** What a shell reports for a command ended by Ctrl-C. */
    static final int INTERRUPTED = 130;

    final int exitCode;

    LabsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    LabsException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static LabsException usage(String message) {
        return new LabsException(USAGE, message);
    }

    static LabsException failed(String message) {
        return new LabsException(FAILED, message);
    }
}
