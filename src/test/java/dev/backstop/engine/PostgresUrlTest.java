package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing PostgreSQL URLs so the password travels apart, and redacting passwords from text. */
class PostgresUrlTest {

    @Test
    void passwordInUserInfoIsTakenOutOfTheUrl() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:p%40ss%3Aword@db.internal:5433/shop?sslmode=require");
        assertEquals("app", url.user());
        assertEquals("p@ss:word", url.password());
        assertEquals("db.internal:5433", url.server());
        assertEquals("db.internal", url.host());
        assertEquals("shop", url.database());
        assertEquals(List.of("sslmode=require"), url.parameters());
        assertEquals("postgresql://app@db.internal:5433/shop?sslmode=require", url.withoutPassword());
    }

    @Test
    void passwordParameterIsTakenOutToo() {
        PostgresUrl url = PostgresUrl.parse("postgres://app@[::1]:5432/shop?password=hunter2&connect_timeout=5");
        assertEquals("hunter2", url.password());
        assertEquals("::1", url.host());
        assertEquals("postgresql://app@[::1]:5432/shop?connect_timeout=5", url.withoutPassword());
    }

    @Test
    void otherDatabaseKeepsServerAndUser() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app@db:5432/shop").withDatabase("shop restoring");
        assertEquals("postgresql://app@db:5432/shop%20restoring", url.withoutPassword());
    }

    @Test
    void urlWithoutDatabaseIsRefusedWithoutShowingThePassword() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://app:hunter2@db:5432"));
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    }

    @Test
    void redactRemovesPasswordsFromUrlsAndSettings() {
        assertEquals("failed for postgresql://app:***@db/x and host=db password=***",
                PostgresUrl.redact("failed for postgresql://app:hunter2@db/x and host=db password=hunter2"));
    }

    @Test
    void suffixedNamesStayWithinPostgresLimit() {
        String name = PostgresRestore.withSuffix("d".repeat(70), "_pre_restore_20261123_120000");
        assertEquals(63, name.length());
        assertEquals("ü".repeat(18) + "_restoring_20261123_120000",
                PostgresRestore.withSuffix("ü".repeat(40), "_restoring_20261123_120000"));
    }

    @Test
    void aDbnameParameterIsRefusedSoTheDatabaseIsOnlyThePaths() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://postgres:pw@127.0.0.1:5432/prod?dbname=postgres"));
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("names its database with dbname="),
                refused.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(refused.getMessage().contains("pw@"), refused.getMessage());
    }
}
