package dev.backstop.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The legacy schema steps of a SQLite catalog, one numbered step at a time, the applied step kept in
 * {@code PRAGMA user_version}. They only bring an old catalog (versions 1 to 9) to version 10; a fresh
 * catalog gets its schema from Flyway's {@code V10__schema.sql}, and Flyway applies every later step.
 */
final class Migrations {

    private static final List<List<String>> STEPS = List.of(
            List.of(
                    """
                    CREATE TABLE backups (
                      id TEXT PRIMARY KEY,
                      database TEXT NOT NULL,
                      engine TEXT NOT NULL,
                      created_at INTEGER NOT NULL,
                      finished_at INTEGER,
                      status TEXT NOT NULL,
                      object_key TEXT NOT NULL,
                      manifest_key TEXT NOT NULL,
                      size_bytes INTEGER NOT NULL DEFAULT 0,
                      sha256 TEXT NOT NULL DEFAULT '',
                      raw_size_bytes INTEGER NOT NULL DEFAULT 0,
                      raw_sha256 TEXT NOT NULL DEFAULT '',
                      actor TEXT NOT NULL,
                      error TEXT NOT NULL DEFAULT '')""",
                    "CREATE INDEX backups_by_database ON backups (database, id)",
                    """
                    CREATE TABLE audit_log (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      at INTEGER NOT NULL,
                      actor TEXT NOT NULL,
                      action TEXT NOT NULL,
                      database TEXT NOT NULL,
                      backup_id TEXT NOT NULL,
                      target TEXT NOT NULL,
                      outcome TEXT NOT NULL,
                      detail TEXT NOT NULL)""",
                    """
                    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
                    """
                    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""),
            List.of(
                    """
                    CREATE TABLE drills (
                      id TEXT PRIMARY KEY,
                      database TEXT NOT NULL,
                      backup_id TEXT NOT NULL,
                      started_at INTEGER NOT NULL,
                      duration_ms INTEGER NOT NULL,
                      rto_ms INTEGER NOT NULL,
                      passed INTEGER NOT NULL,
                      checks TEXT NOT NULL,
                      evidence_key TEXT NOT NULL,
                      actor TEXT NOT NULL)""",
                    "CREATE INDEX drills_by_database ON drills (database, id)"),
            List.of(
                    """
                    CREATE TABLE alert_state (
                      database TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      opened_at INTEGER NOT NULL,
                      last_sent_at INTEGER NOT NULL,
                      message TEXT NOT NULL,
                      PRIMARY KEY (database, kind))"""),
            List.of(
                    """
                    CREATE TABLE approval_requests (
                      id TEXT PRIMARY KEY,
                      database TEXT NOT NULL,
                      backup_id TEXT NOT NULL,
                      sha256 TEXT NOT NULL,
                      target TEXT NOT NULL,
                      requester TEXT NOT NULL,
                      created_at INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      approved_by TEXT NOT NULL,
                      denied_by TEXT NOT NULL,
                      executed_at INTEGER,
                      message_ref TEXT NOT NULL DEFAULT '')""",
                    "CREATE INDEX approval_requests_by_message ON approval_requests (message_ref)"),
            List.of(
                    "ALTER TABLE backups ADD COLUMN heartbeat_at INTEGER",
                    "UPDATE backups SET heartbeat_at = created_at",
                    "CREATE INDEX backups_running ON backups (id) WHERE status = 'running'"),
            List.of(
                    "ALTER TABLE approval_requests ADD COLUMN heartbeat_at INTEGER",
                    "ALTER TABLE approval_requests ADD COLUMN error TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE approval_requests ADD COLUMN announce_pending INTEGER NOT NULL DEFAULT 0",
                    "UPDATE approval_requests SET heartbeat_at = COALESCE(executed_at, created_at)"
                            + " WHERE state = 'approved'"),
            List.of(
                    "ALTER TABLE approval_requests ADD COLUMN state_since INTEGER NOT NULL DEFAULT 0",
                    // When each request entered its state: the audit entry that put it there, else the best guess.
                    """
                    UPDATE approval_requests SET state_since = CASE
                      WHEN state = 'requested' THEN created_at
                      WHEN state = 'expired' THEN expires_at
                      ELSE COALESCE((SELECT MAX(at) FROM audit_log
                                     WHERE action IN ('restore.request', 'restore.vote')
                                       AND outcome = approval_requests.state
                                       AND substr(detail, 1, length(approval_requests.id) + 2)
                                           = approval_requests.id || ': '),
                                    executed_at, heartbeat_at, created_at) END"""),
            List.of(
                    // Empty for an ordinary backup; 'pre-restore' for the safety backup a restore takes first.
                    "ALTER TABLE backups ADD COLUMN label TEXT NOT NULL DEFAULT ''",
                    // Safety backups taken before this step are known by the actor restores took them as.
                    "UPDATE backups SET label = 'pre-restore' WHERE actor LIKE 'backstop:pre-restore %'"),
            List.of(
                    // 1 for a backup retention keeps until `unpin`; keep_until (epoch ms) keeps one until then.
                    "ALTER TABLE backups ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE backups ADD COLUMN keep_until INTEGER"),
            List.of(
                    // Both null for a backup restore; for a restore to a past moment in place (Time Travel), the
                    // time asked for (ISO-8601, exact to the nanosecond as typed) and the bookmark found for it
                    // when asked, which approvals bind.
                    "ALTER TABLE approval_requests ADD COLUMN restore_at TEXT",
                    "ALTER TABLE approval_requests ADD COLUMN bookmark TEXT"));

    private static final int SQLITE_BUSY = 5;
    private static final java.time.Duration WAL_WAIT = java.time.Duration.ofSeconds(10);

    private Migrations() {
    }

    /** The schema version this build writes. */
    /**
     * The {@code user_version} of a file whose schema Flyway keeps: above every legacy step, so a build from
     * before Flyway refuses the file ("newer than this Backstop") rather than run beside the job locks,
     * scheduled jobs and leases it does not know.
     */
    static final int UNDER_FLYWAY = 1_000;

    /** Marks the file as kept by Flyway ({@link #UNDER_FLYWAY}), unless it already is. */
    static void markUnderFlyway(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int current;
            try (var result = statement.executeQuery("PRAGMA user_version")) {
                current = result.getInt(1);
            }
            if (current != UNDER_FLYWAY) {
                statement.execute("PRAGMA user_version = " + UNDER_FLYWAY);
            }
        }
    }

    static int latest() {
        return STEPS.size();
    }

    /**
     * Brings a catalog made by the legacy steps (version 1 to 9) to version 10, each step in its own
     * {@code BEGIN IMMEDIATE} transaction that first reads the version: processes that open one at once take
     * turns (waiting as the connection's busy_timeout allows), so each step runs exactly once. A fresh file
     * (version 0) is left to Flyway; a version above 10 is refused.
     */
    static void upgradeOld(Connection connection) throws SQLException {
        while (applyNext(connection, latest(), false)) {
            // One step per transaction, so a long history never holds the write lock for long.
        }
    }

    /**
     * Switches the file to WAL. SQLite answers a switch that races another connection's with SQLITE_BUSY
     * at once, without waiting, so that answer is retried for up to {@link #WAL_WAIT}.
     */
    static void enableWal(Statement statement) throws SQLException {
        long deadline = System.nanoTime() + WAL_WAIT.toNanos();
        while (true) {
            try (var mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                if ("wal".equalsIgnoreCase(mode.getString(1))) {
                    return;
                }
            } catch (SQLException failed) {
                if ((failed.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw failed;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("cannot switch the catalog to WAL mode; another process holds it");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while switching the catalog to WAL mode", interrupted);
            }
        }
    }

    /** Applies the steps above the file's current version up to {@code target}; tests build old catalogs with it. */
    static void apply(Connection connection, int target) throws SQLException {
        while (applyNext(connection, target, true)) {
            // One step per transaction, so a long history never holds the write lock for long.
        }
    }

    /**
     * Applies the next step under the write lock; false when the file was already at {@code target}, or is
     * fresh (version 0) and {@code fromEmpty} is false.
     */
    private static boolean applyNext(Connection connection, int target, boolean fromEmpty) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int current;
                try (var result = statement.executeQuery("PRAGMA user_version")) {
                    current = result.getInt(1);
                }
                if (current > latest() && current != UNDER_FLYWAY) {
                    throw new SQLException("catalog schema version " + current + " is newer than this Backstop knows ("
                            + latest() + "); upgrade Backstop");
                }
                boolean applied = current < target && (fromEmpty || current > 0);
                if (applied) {
                    for (String sql : STEPS.get(current)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (current + 1));
                }
                statement.execute("COMMIT");
                return applied;
            } catch (SQLException failed) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException alreadyEnded) {
                    failed.addSuppressed(alreadyEnded);
                }
                throw failed;
            }
        }
    }
}
