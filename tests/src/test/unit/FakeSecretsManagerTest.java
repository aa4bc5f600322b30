import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The staging-label rules of the Secrets Manager API reference that rotate-secret relies on, in the fake. */
class FakeSecretsManagerTest {
    private final FakeSecretsManager secrets = new FakeSecretsManager().secret("s", "one");
    private final String first = secrets.get("s").withStage("AWSCURRENT").orElseThrow().id;

    @Test
    void aPendingVersionLeavesTheCurrentOneAlone() {
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two").versionStages("AWSPENDING"));
        assertEquals("one", secrets.getSecretValue(r -> r.secretId("s")).secretString());
        assertEquals("two", secrets.getSecretValue(r -> r.secretId("s").versionStage("AWSPENDING")).secretString());
        assertEquals(List.of("AWSPENDING"), secrets.describeSecret(r -> r.secretId("s")).versionIdsToStages().get("v2"));
    }

    @Test
    void movingAwsCurrentNeedsTheVersionItLeavesAndTakesAwsPreviousAlong() {
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two").versionStages("AWSPENDING"));
        assertThrows(InvalidParameterException.class,
                () -> secrets.updateSecretVersionStage(r -> r.secretId("s").versionStage("AWSCURRENT").moveToVersionId("v2")));
        assertThrows(InvalidParameterException.class, () -> secrets.updateSecretVersionStage(r -> r.secretId("s")
                .versionStage("AWSCURRENT").moveToVersionId("v2").removeFromVersionId("v2")));
        secrets.updateSecretVersionStage(r -> r.secretId("s").versionStage("AWSCURRENT").moveToVersionId("v2")
                .removeFromVersionId(first));
        assertEquals("two", secrets.value("s", "AWSCURRENT"));
        assertEquals("one", secrets.value("s", "AWSPREVIOUS"));
        assertEquals(List.of("AWSPENDING", "AWSCURRENT"), List.copyOf(secrets.get("s").versions.get("v2").stages));
    }

    @Test
    void aNewCurrentVersionMovesAwsPreviousToTheOldOne() {
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two"));
        assertEquals("two", secrets.value("s", "AWSCURRENT"));
        assertEquals("one", secrets.value("s", "AWSPREVIOUS"));
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v3").secretString("three"));
        assertEquals("two", secrets.value("s", "AWSPREVIOUS"));
        assertTrue(secrets.get("s").versions.get(first).stages.isEmpty(), "the oldest version is deprecated");
    }

    @Test
    void aClientRequestTokenNamesOneValueForever() {
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two").versionStages("AWSPENDING"));
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two").versionStages("AWSPENDING"));
        assertEquals(2, secrets.get("s").versions.size());
        assertThrows(ResourceExistsException.class, () -> secrets.putSecretValue(r -> r.secretId("s")
                .clientRequestToken("v2").secretString("other").versionStages("AWSPENDING")));
    }

    @Test
    void labelsCanBeRemovedButAwsCurrentOnlyMoved() {
        secrets.putSecretValue(r -> r.secretId("s").clientRequestToken("v2").secretString("two").versionStages("AWSPENDING"));
        secrets.updateSecretVersionStage(r -> r.secretId("s").versionStage("AWSPENDING").removeFromVersionId("v2"));
        assertThrows(ResourceNotFoundException.class,
                () -> secrets.getSecretValue(r -> r.secretId("s").versionStage("AWSPENDING")));
        assertThrows(InvalidParameterException.class,
                () -> secrets.updateSecretVersionStage(r -> r.secretId("s").versionStage("AWSCURRENT").removeFromVersionId(first)));
        assertThrows(ResourceNotFoundException.class, () -> secrets.describeSecret(r -> r.secretId("missing")));
    }
}
