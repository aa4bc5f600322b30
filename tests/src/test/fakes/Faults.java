import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Failures injected into the fakes, counted over every AWS call the fakes share. A call can fail
 * before AWS acts on it, or after (AWS applied it but the answer was lost); and either as an error
 * the command sees, or as a crash (an Error no catch block handles: the process dies on the spot, no
 * clean-up runs).
 */
final class Faults {
    enum Mode {
        /** AWS answered with an error (HTTP 400) and did nothing. */
        REJECTED,
        /** The connection broke before AWS got the request. */
        ERROR_BEFORE,
        /** AWS did it, but the answer was lost. */
        ERROR_AFTER,
        CRASH_BEFORE,
        CRASH_AFTER;

        boolean after() {
            return this == ERROR_AFTER || this == CRASH_AFTER;
        }
    }

    /** Stands for the process dying: killed, out of power, the laptop lid closed. */
    static final class Crash extends Error {
        Crash(String operation) {
            super("process died during " + operation);
        }
    }

    final List<String> calls = new ArrayList<>();
    private int failAt = -1;
    private String failOperation;
    private Mode mode;

    /** Fails the call with this index (0-based, over all fakes sharing this instance). */
    Faults failAt(int index, Mode failureMode) {
        this.failAt = index;
        this.mode = failureMode;
        return this;
    }

    /** Fails the next call of an operation, such as "secretsmanager:PutSecretValue". */
    Faults failOn(String operation, Mode failureMode) {
        this.failOperation = operation;
        this.mode = failureMode;
        return this;
    }

    /** Call at the start of a fake operation, with its changes wrapped in {@code work}. */
    <T> T call(String operation, java.util.function.Supplier<T> work) {
        int index = calls.size();
        calls.add(operation);
        boolean failing = index == failAt || operation.equals(failOperation);
        if (operation.equals(failOperation)) failOperation = null;
        if (failing && !mode.after()) fail(operation);
        T result = work.get();
        if (failing) fail(operation);
        return result;
    }

    void call(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }

    private void fail(String operation) {
        if (mode == Mode.CRASH_BEFORE || mode == Mode.CRASH_AFTER) throw new Crash(operation);
        if (mode == Mode.REJECTED) {
            throw AwsServiceException.builder().statusCode(400).message("injected rejection of " + operation)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequest")
                            .errorMessage("injected rejection of " + operation).build())
                    .build();
        }
        throw SdkClientException.create("Unable to execute HTTP request: Read timed out (injected into " + operation + ")");
    }
}
