import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

    @Test
    void aDatabaseUrlChangesOnlyItsPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://labs:old%40pass@db.example.com:6543/connect?sslmode=require", "test");
        assertEquals("labs", url.decodedUser());
        assertEquals("old@pass", url.decodedPassword());
        assertEquals("db.example.com", url.host());
        assertEquals(6543, url.port());
        assertEquals("connect", url.database());
        assertEquals("postgres://labs:N3w-pass.word~@db.example.com:6543/connect?sslmode=require",
                url.withPassword("N3w-pass.word~").value());
    }

    @Test
    void thePortDefaultsToPostgresAndOtherSchemesDjangoEnvironReadsWork() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://labs:pw@db/connect", "test");
        assertEquals(5432, url.port());
        assertEquals("postgresql://labs:x@db/connect", url.withPassword("x").value());
        assertEquals(5432, DatabaseUrl.parse("postgis://labs:pw@db/connect", "test").port());
    }

    @Test
    void toStringNeverShowsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://labs:very-secret-1@db:5432/connect", "test");
        assertEquals("postgres://labs:***@db:5432/connect", url.toString());
    }

    @Test
    void somethingElseIsRefusedWithoutQuotingIt() {
        LabsException error = assertThrows(LabsException.class,
                () -> DatabaseUrl.parse("mysql://labs:very-secret-1@db/connect", "The current version x"));
        assertEquals(LabsException.USAGE, error.exitCode);
        assertFalse(error.getMessage().contains("very-secret-1"), error.getMessage());
        assertTrue(error.getMessage().startsWith("The current version x is not a PostgreSQL URL"), error.getMessage());
        assertThrows(LabsException.class, () -> DatabaseUrl.parse("postgres://labs@db/connect", "no password"));
        assertThrows(LabsException.class, () -> DatabaseUrl.parse(null, "missing"));
    }

    @Test
    void generatedPasswordsAreStrongAndNeedNoEscaping() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = RandomSecrets.databasePassword();
            assertTrue(password.length() >= 8 && password.length() <= 128);
            assertTrue(password.matches("[A-Za-z0-9._~-]+"), password);
            assertFalse(password.matches(".*[/\"@ ].*"));
            DatabaseUrl url = DatabaseUrl.parse("postgres://labs:old@db/connect", "test").withPassword(password);
            assertEquals(password, DatabaseUrl.parse(url.value(), "test").decodedPassword());
            seen.add(password);
        }
        assertEquals(200, seen.size());
    }

    @Test
    void generatedDjangoKeysAreLongAndNeverLookLikeAVariableReference() {
        for (int i = 0; i < 200; i++) {
            String key = RandomSecrets.djangoSecretKey();
            assertEquals(50, key.length());
            assertFalse(key.contains("$"), key);
            assertFalse(key.contains(","), "env.list would split the fallback at a comma: " + key);
        }
        assertNotEquals(RandomSecrets.djangoSecretKey(), RandomSecrets.djangoSecretKey());
    }
}
