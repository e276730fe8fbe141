package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 10 binds a request to a time and its bookmark; requests stored before it are backup restores. */
class TimeTravelApprovalMigrationTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_version_9_catalog_keeps_its_requests_as_backup_restores_and_a_time_and_bookmark_round_trip_exactly()
            throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 9);
            statement.executeUpdate("INSERT INTO approval_requests (id, database, backup_id, sha256, target, requester,"
                    + " created_at, expires_at, state, approved_by, denied_by, state_since) VALUES ('R1', 'app', 'B1',"
                    + " '5dd0', '', 'U9', 1, 2, 'requested', '', '', 1)");
        }
        Instant at = START.minusNanos(123_456_789);
        ApprovalRow timed = new ApprovalRow("R2", "shop", "", "", "", "U9", START, START.plus(Duration.ofMinutes(30)),
                "requested", START, List.of("U1"), List.of(), null, "C1/R2", null, "", at, "00000042-0a0b0c0d");
        try (Catalog catalog = Catalog.open(file)) {
            ApprovalRow old = catalog.findApproval("R1").orElseThrow();
            assertNull(old.restoreAt());
            assertNull(old.bookmark());
            assertEquals("B1", old.backupId());

            catalog.saveApproval(timed);
            assertEquals(timed, catalog.findApproval("C1/R2").orElseThrow());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }
}
