package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 6 gives approval requests a heartbeat, an error and a pending announcement, keeping every request as it was. */
class ApprovalMigrationTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static String insert(String id, String state) {
        return "INSERT INTO approval_requests (id, database, backup_id, sha256, target, requester, created_at,"
                + " expires_at, state, approved_by, denied_by) VALUES ('" + id + "', 'shop', 'B1', '5dd0', '', 'U9', "
                + CREATED.toEpochMilli() + ", " + CREATED.plusSeconds(1800).toEpochMilli() + ", '" + state
                + "', 'U1,U2', '')";
    }

    @Test
    void a_version_5_catalog_keeps_its_requests_and_an_approved_one_counts_from_its_creation() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 5);
            statement.executeUpdate(insert("R1", "approved"));
            statement.executeUpdate(insert("R2", "executed"));
        }

        try (Catalog catalog = Catalog.open(file)) {
            ApprovalRow approved = catalog.findApproval("R1").orElseThrow();
            assertEquals(CREATED, approved.heartbeatAt());
            assertEquals("", approved.error());
            assertEquals(List.of("U1", "U2"), approved.approvedBy());
            assertNull(catalog.findApproval("R2").orElseThrow().heartbeatAt());
            assertEquals(List.of(), catalog.approvalsToAnnounce());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(6, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }
}
