import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Shared by the fakes of one account: records every mutating call in order, and makes the one a
 * test names fail once, as a service error would (an internal error, which the SDK has already
 * retried by the time a script sees it).
 */
final class Faults {
    final List<String> mutations = new ArrayList<>();
    private final Set<String> armed = new HashSet<>();
    private int armedAt = -1;

    /** Fail the n-th mutating call (0-based) of the next run. */
    void failAt(int index) {
        armedAt = mutations.size() + index;
    }

    void failOn(String operation) {
        armed.add(operation);
    }

    void mutate(String operation) {
        int index = mutations.size();
        mutations.add(operation);
        if (armed.remove(operation) || index == armedAt) {
            armedAt = -1;
            throw AwsServiceException.builder().statusCode(500).message("We encountered an internal error.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure")
                            .errorMessage("We encountered an internal error (injected at " + operation + ").").build())
                    .build();
        }
    }
}
