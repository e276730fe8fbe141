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

/**
 * Step 6 gives approval requests a heartbeat, an error and a pending announcement, and step 7 the time
 * each entered its state, keeping every request as it was.
 */
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

    private static String audit(Instant at, String action, String outcome, String detail) {
        return "INSERT INTO audit_log (at, actor, action, database, backup_id, target, outcome, detail) VALUES ("
                + at.toEpochMilli() + ", 'U1', '" + action + "', 'shop', 'B1', '', '" + outcome + "', '" + detail
                + "')";
    }

    @Test
    void a_version_6_catalog_gives_each_request_the_time_its_audit_entry_put_it_in_its_state() throws Exception {
        Path file = dir.resolve("catalog.db");
        Instant approvedAt = CREATED.plusSeconds(300);
        Instant failedAt = CREATED.plusSeconds(900);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 6);
            for (String[] request : new String[][] {{"R1", "requested"}, {"R2", "expired"}, {"R3", "failed"},
                    {"R4", "approved"}, {"R5", "denied"}}) {
                statement.executeUpdate(insert(request[0], request[1]));
            }
            statement.executeUpdate(audit(approvedAt, "restore.vote", "approved", "R4: approve"));
            statement.executeUpdate(audit(failedAt, "restore.request", "failed", "R3: interrupted: no heartbeat"));
            statement.executeUpdate(audit(failedAt.plusSeconds(60), "restore.request", "failed", "R30: another one"));
        }

        try (Catalog catalog = Catalog.open(file)) {
            assertEquals(List.of(CREATED, CREATED.plusSeconds(1800), failedAt, approvedAt, CREATED),
                    List.of("R1", "R2", "R3", "R4", "R5").stream()
                            .map(id -> catalog.findApproval(id).orElseThrow().stateSince()).toList());
            assertEquals(List.of("R1", "R3", "R4"), catalog.unfinishedOrFailedSince(failedAt).stream()
                    .map(ApprovalRow::id).toList());
            assertEquals(List.of("R1", "R4"), catalog.unfinishedOrFailedSince(failedAt.plusMillis(1)).stream()
                    .map(ApprovalRow::id).toList());
        }
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
            assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }
}
