import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisionTest {
    private final FakeAccount account = new FakeAccount();

    @Test
    void emptyAccountGetsTheWholeStack() {
        Cli.Result result = account.provision("--github-repo", "dimagi/commcare-connect");
        assertEquals(0, result.exitCode(), result::toString);
        System.out.println(result);
        account.fingerprint().forEach(System.out::println);
    }
}
