package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.AuditEntry;
import dev.backstop.engine.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL V12 script applied to a real PostgreSQL 15, and the same row classes the SQLite catalog
 * uses run against it: their SQL is the same on both dialects.
 */
class PostgresClusterStateTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void the_cluster_state_script_and_its_statements_run_on_postgresql() throws Exception {
        String database = "cluster_state_" + Long.toString(System.nanoTime(), 36);
        SERVER.sql("postgres", "CREATE DATABASE " + database);
        // The tables V12 builds on, as far as its statements touch them (their full schema is V10's).
        SERVER.sql(database, "CREATE TABLE approval_requests (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,"
                + " state TEXT NOT NULL, state_since BIGINT NOT NULL, approved_by TEXT NOT NULL,"
                + " denied_by TEXT NOT NULL, executed_at BIGINT, heartbeat_at BIGINT, error TEXT NOT NULL,"
                + " announce_pending INTEGER NOT NULL DEFAULT 0);"
                + " CREATE TABLE audit_log (seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,"
                + " action TEXT NOT NULL, database TEXT NOT NULL, backup_id TEXT NOT NULL, target TEXT NOT NULL,"
                + " outcome TEXT NOT NULL, detail TEXT NOT NULL)");
        try (InputStream script = getClass().getClassLoader()
                .getResourceAsStream("db/migration/postgresql/V12__cluster_state.sql")) {
            SERVER.sql(database, new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (Connection jdbc = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + SERVER.port() + "/"
                + database, PostgresServer.USER, PostgresServer.PASSWORD)) {
            CatalogConnection connection = new CatalogConnection(Path.of(database), jdbc);

            JobLockRows locks = new JobLockRows(connection);
            Instant lease = NOW.plus(Duration.ofMinutes(2));
            assertTrue(locks.tryLock("app", "backup started by alice", "h:1:a", NOW, lease));
            assertFalse(locks.tryLock("app", "restore started by bob", "h:2:b", NOW.plusSeconds(60), lease));
            assertEquals("backup started by alice", locks.find("app", NOW).orElseThrow().job());
            assertTrue(locks.renew("app", "h:1:a", lease.plusSeconds(60)));
            assertTrue(locks.tryLock("app", "restore started by bob", "h:2:b", lease.plusSeconds(60),
                    lease.plusSeconds(180)), "taken over once the lease ran out");
            assertFalse(locks.renew("app", "h:1:a", lease.plusSeconds(200)));
            locks.unlock("app", "h:2:b");
            assertEquals(Optional.empty(), locks.find("app", NOW));

            BackupHolds holds = new BackupHolds(connection);
            holds.hold("app", "B1", "h:1:a:1", NOW, lease);
            holds.hold("app", "B1", "h:1:a:1", NOW, lease.plusSeconds(10));
            assertEquals(Set.of("B1"), holds.inUse("app", NOW));
            assertEquals(Set.of(), holds.inUse("app", lease.plusSeconds(10)));
            holds.release("app", "B1", "h:1:a:1");

            ConfirmationRows confirmations = new ConfirmationRows(connection);
            confirmations.save("t1", "{\"command\":\"/restore\"}", NOW, NOW.plusSeconds(600));
            assertEquals(Optional.of("{\"command\":\"/restore\"}"), confirmations.find("t1", NOW));
            assertEquals(Optional.of("{\"command\":\"/restore\"}"), confirmations.take("t1", NOW));
            assertEquals(Optional.empty(), confirmations.take("t1", NOW));

            SeenKeys seen = new SeenKeys(connection);
            assertTrue(seen.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));
            assertFalse(seen.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));
            assertTrue(seen.firstSeen("slack-event", "Ev1", NOW.plusSeconds(60), NOW.plusSeconds(120)),
                    "forgotten once expired");
            seen.forget("slack-event", "Ev1");
            assertTrue(seen.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));

            SERVER.sql(database, "INSERT INTO approval_requests (id, created_at, state, state_since, approved_by,"
                    + " denied_by, error) VALUES ('R1', 0, 'requested', 0, '', '', '')");
            ApprovalEndings endings = new ApprovalEndings(connection, new AuditLog(connection));
            ApprovalRow approved = new ApprovalRow("R1", "app", "B1", "5dd0", "", "U9", NOW, NOW.plusSeconds(1800),
                    "approved", NOW, List.of("U1", "U2"), List.of(), null, "", NOW, "");
            AuditEntry entry = new AuditEntry(NOW, "U2", "restore.vote", "app", "B1", "", "approved", "R1: approve");
            assertTrue(endings.change(approved, entry));
            assertFalse(endings.change(approved, entry), "version 0 is gone: the second change lost the race");
            assertEquals("1|approved|1", SERVER.sql(database, "SELECT version, state, (SELECT count(*) FROM audit_log)"
                    + " FROM approval_requests").replace("\n", ""));
        }
    }
}
