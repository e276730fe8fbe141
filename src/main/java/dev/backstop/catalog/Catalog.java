package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.OpenAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backstop's record of backups and its audit log, in one SQLite file in WAL mode. Safe to share
 * between threads; other processes may use the same file at the same time.
 */
public final class Catalog implements AutoCloseable {

    /**
     * How often the process running a backup refreshes the heartbeat of its row ({@link #heartbeat}),
     * and the process restoring an approved request that of the request ({@link #approvalHeartbeat}).
     */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMinutes(1);

    /**
     * How old a running backup's heartbeat (or an approved request's) may grow before the process
     * running it is taken for dead ({@link #failAbandoned}, {@link #abandonApproval}): ten missed
     * heartbeats, so a busy catalog or a long pause is not mistaken for a crash, while a job left
     * behind by a killed process is cleared within minutes.
     */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /** Who the audit log names when a backup is found abandoned. */
    static final String SWEEPER = "backstop";

    private static final String ABANDONED = "status = 'running' AND COALESCE(heartbeat_at, created_at) < ?";

    private static final String APPROVAL_COLUMNS = "id, database, backup_id, sha256, target, requester, created_at,"
            + " expires_at, state, approved_by, denied_by, executed_at, message_ref, heartbeat_at, error";

    private static final String BACKUP_COLUMNS = "id, database, engine, created_at, finished_at, status, object_key,"
            + " manifest_key, size_bytes, sha256, raw_size_bytes, raw_sha256, actor, error";

    private final Path file;
    private final Connection connection;

    private Catalog(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens the catalog, creating the file and its folder if needed, and migrates its schema. */
    public static Catalog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = FULL");
                Migrations.apply(connection);
            } catch (SQLException failed) {
                connection.close();
                throw failed;
            }
            return new Catalog(file, connection);
        } catch (SQLException | IOException failed) {
            throw new CatalogException("cannot open catalog " + file + ": " + failed.getMessage(), failed);
        }
    }

    public Path file() {
        return file;
    }

    /** Records a backup that has just started; its heartbeat is its creation time. */
    public synchronized void insert(BackupRecord backup) {
        String sql = "INSERT INTO backups (" + BACKUP_COLUMNS + ", heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindBackup(statement, backup);
            statement.setLong(15, backup.createdAt().toEpochMilli());
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("record backup " + backup.id(), failed);
        }
    }

    /** Stores the new state of a backup already recorded. */
    public synchronized void update(BackupRecord backup) {
        String sql = "UPDATE backups SET finished_at = ?, status = ?, size_bytes = ?, sha256 = ?,"
                + " raw_size_bytes = ?, raw_sha256 = ?, error = ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, backup.finishedAt() == null ? null : backup.finishedAt().toEpochMilli());
            statement.setString(2, backup.status().label());
            statement.setLong(3, backup.sizeBytes());
            statement.setString(4, backup.sha256());
            statement.setLong(5, backup.rawSizeBytes());
            statement.setString(6, backup.rawSha256());
            statement.setString(7, backup.error());
            statement.setString(8, backup.id());
            if (statement.executeUpdate() != 1) {
                throw new SQLException("no backup with id " + backup.id());
            }
        } catch (SQLException failed) {
            throw failure("update backup " + backup.id(), failed);
        }
    }

    /**
     * Records that the process running backup {@code id} is alive at {@code at}, so no other process
     * takes it for abandoned. A backup that has ended, or is not there, is left as it is.
     */
    public synchronized void heartbeat(String id, Instant at) {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE backups SET heartbeat_at = ? WHERE id = ? AND status = 'running'")) {
            statement.setLong(1, at.toEpochMilli());
            statement.setString(2, id);
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("record the heartbeat of backup " + id, failed);
        }
    }

    /**
     * Marks failed every running backup, of any database, whose heartbeat is older than
     * {@link #ABANDONED_AFTER} at {@code now}: the process running it died (killed, out of memory,
     * power lost). Each gets an audit entry by {@value #SWEEPER}; returns them as now stored. A backup
     * whose process is alive keeps a fresh heartbeat and is left alone, whichever process it runs in.
     * Each row is failed in its own transaction, and only while it is still running with an old
     * heartbeat, so processes that sweep at the same time fail it once.
     */
    public synchronized List<BackupRecord> failAbandoned(Instant now) {
        long cutoff = now.minus(ABANDONED_AFTER).toEpochMilli();
        List<BackupRecord> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + BACKUP_COLUMNS
                + ", COALESCE(heartbeat_at, created_at) FROM backups WHERE " + ABANDONED + " ORDER BY id")) {
            statement.setLong(1, cutoff);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Instant lastHeartbeat = Instant.ofEpochMilli(rows.getLong(15));
                    candidates.add(readBackup(rows).failed(lastHeartbeat, "interrupted: no heartbeat since "
                            + lastHeartbeat + "; the process running it stopped"));
                }
            }
        } catch (SQLException failed) {
            throw failure("find abandoned backups", failed);
        }
        List<BackupRecord> abandoned = new ArrayList<>();
        for (BackupRecord candidate : candidates) {
            if (failIfAbandoned(candidate, cutoff, now)) {
                abandoned.add(candidate);
            }
        }
        return abandoned;
    }

    private boolean failIfAbandoned(BackupRecord failed, long cutoff, Instant now) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE backups SET status = ?,"
                    + " finished_at = ?, error = ? WHERE id = ? AND " + ABANDONED)) {
                statement.setString(1, failed.status().label());
                statement.setLong(2, failed.finishedAt().toEpochMilli());
                statement.setString(3, failed.error());
                statement.setString(4, failed.id());
                statement.setLong(5, cutoff);
                boolean changed = statement.executeUpdate() == 1;
                if (changed) {
                    audit(new AuditEntry(now, SWEEPER, "backup", failed.database(), failed.id(), failed.objectKey(),
                            "failed", failed.error()));
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException problem) {
                connection.rollback();
                throw problem;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException problem) {
            throw failure("mark abandoned backup " + failed.id() + " failed", problem);
        }
    }

    public synchronized Optional<BackupRecord> find(String database, String id) {
        List<BackupRecord> found = query("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE database = ? AND id = ?",
                database, id);
        return found.stream().findFirst();
    }

    public synchronized Optional<BackupRecord> latestSucceeded(String database) {
        return query("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE database = ? AND status = 'succeeded'"
                + " ORDER BY id DESC LIMIT 1", database).stream().findFirst();
    }

    /** The newest {@code limit} backups of a database, newest first, whatever their status. */
    public synchronized List<BackupRecord> list(String database, int limit) {
        return query("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE database = ? ORDER BY id DESC LIMIT "
                + Math.max(0, limit), database);
    }

    /** Appends one entry to the audit log. Entries can never be changed or removed. */
    public synchronized void audit(AuditEntry entry) {
        String sql = "INSERT INTO audit_log (at, actor, action, database, backup_id, target, outcome, detail)"
                + " VALUES (?,?,?,?,?,?,?,?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, entry.at().toEpochMilli());
            statement.setString(2, entry.actor());
            statement.setString(3, entry.action());
            statement.setString(4, entry.database());
            statement.setString(5, entry.backupId());
            statement.setString(6, entry.target());
            statement.setString(7, entry.outcome());
            statement.setString(8, entry.detail());
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("write the audit log", failed);
        }
    }

    /** The newest {@code limit} audit entries, oldest first. */
    public synchronized List<AuditEntry> auditLog(int limit) {
        String sql = "SELECT at, actor, action, database, backup_id, target, outcome, detail FROM"
                + " (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getString(7), rows.getString(8)));
                }
            }
            return entries;
        } catch (SQLException failed) {
            throw failure("read the audit log", failed);
        }
    }

    /** Records a finished drill. */
    public synchronized void insertDrill(DrillRecord drill) {
        String sql = "INSERT INTO drills (id, database, backup_id, started_at, duration_ms, rto_ms, passed, checks,"
                + " evidence_key, actor) VALUES (?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, drill.id());
            statement.setString(2, drill.database());
            statement.setString(3, drill.backupId());
            statement.setLong(4, drill.startedAt().toEpochMilli());
            statement.setLong(5, drill.durationMs());
            statement.setLong(6, drill.rtoMs());
            statement.setInt(7, drill.passed() ? 1 : 0);
            statement.setString(8, drill.checksJson());
            statement.setString(9, drill.evidenceKey());
            statement.setString(10, drill.actor());
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("record drill " + drill.id(), failed);
        }
    }

    /** The newest drill of a database, or, with {@code passedOnly}, the newest that passed. */
    public synchronized Optional<DrillRecord> lastDrill(String database, boolean passedOnly) {
        String sql = "SELECT id, database, backup_id, started_at, duration_ms, rto_ms, passed, checks, evidence_key,"
                + " actor FROM drills WHERE database = ?" + (passedOnly ? " AND passed = 1" : "")
                + " ORDER BY id DESC LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DrillRecord(row.getString(1), row.getString(2), row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4)), row.getLong(5), row.getLong(6), row.getInt(7) == 1,
                        row.getString(8), row.getString(9), row.getString(10)));
            }
        } catch (SQLException failed) {
            throw failure("read drills", failed);
        }
    }

    /** Every open incident, oldest first. */
    public synchronized List<OpenAlert> openAlerts() {
        String sql = "SELECT database, kind, opened_at, last_sent_at, message FROM alert_state ORDER BY opened_at";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            List<OpenAlert> alerts = new ArrayList<>();
            while (rows.next()) {
                alerts.add(new OpenAlert(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)),
                        Instant.ofEpochMilli(rows.getLong(4)), rows.getString(5)));
            }
            return alerts;
        } catch (SQLException failed) {
            throw failure("read alerts", failed);
        }
    }

    /** Opens or refreshes an incident. */
    public synchronized void saveAlert(OpenAlert alert) {
        String sql = "INSERT INTO alert_state (database, kind, opened_at, last_sent_at, message) VALUES (?,?,?,?,?)"
                + " ON CONFLICT (database, kind) DO UPDATE SET last_sent_at = excluded.last_sent_at,"
                + " message = excluded.message";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, alert.database());
            statement.setString(2, alert.kind());
            statement.setLong(3, alert.openedAt().toEpochMilli());
            statement.setLong(4, alert.lastSentAt().toEpochMilli());
            statement.setString(5, alert.message());
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("save alert", failed);
        }
    }

    /** Closes an incident. */
    public synchronized void closeAlert(String database, String kind) {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM alert_state WHERE database = ? AND kind = ?")) {
            statement.setString(1, database);
            statement.setString(2, kind);
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("close alert", failed);
        }
    }

    /** Stores an approval request, replacing its previous state. */
    public synchronized void saveApproval(ApprovalRow row) {
        String sql = "INSERT INTO approval_requests (" + APPROVAL_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, approved_by = excluded.approved_by,"
                + " denied_by = excluded.denied_by, executed_at = excluded.executed_at,"
                + " message_ref = excluded.message_ref, heartbeat_at = excluded.heartbeat_at, error = excluded.error";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, row.id());
            statement.setString(2, row.database());
            statement.setString(3, row.backupId());
            statement.setString(4, row.sha256());
            statement.setString(5, row.target());
            statement.setString(6, row.requester());
            statement.setLong(7, row.createdAt().toEpochMilli());
            statement.setLong(8, row.expiresAt().toEpochMilli());
            statement.setString(9, row.state());
            statement.setString(10, String.join(",", row.approvedBy()));
            statement.setString(11, String.join(",", row.deniedBy()));
            statement.setObject(12, millis(row.executedAt()));
            statement.setString(13, row.messageRef());
            statement.setObject(14, millis(row.heartbeatAt()));
            statement.setString(15, row.error());
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("save approval request " + row.id(), failed);
        }
    }

    /** Finds an approval request by id, or by the chat message that carries it. */
    public synchronized Optional<ApprovalRow> findApproval(String idOrMessageRef) {
        return approvals("read approval request " + idOrMessageRef, "SELECT " + APPROVAL_COLUMNS
                + " FROM approval_requests WHERE id = ? OR (message_ref <> '' AND message_ref = ?)",
                idOrMessageRef, idOrMessageRef).stream().findFirst();
    }

    /**
     * Backup ids that requests waiting for votes and not past their expiry at {@code now}, or approved
     * ones whose restore runs, are bound to, so retention keeps them.
     */
    public synchronized java.util.Set<String> backupsAwaitingRestore(String database, Instant now) {
        String sql = "SELECT backup_id FROM approval_requests WHERE database = ? AND (state = 'approved'"
                + " OR (state = 'requested' AND expires_at > ?))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database);
            statement.setLong(2, now.toEpochMilli());
            java.util.Set<String> ids = new java.util.HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException failed) {
            throw failure("read approval requests", failed);
        }
    }

    /**
     * Records that the process restoring request {@code id} is alive at {@code at}. A request that is
     * not approved (any more), or is not there, is left as it is.
     */
    public synchronized void approvalHeartbeat(String id, Instant at) {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE approval_requests SET heartbeat_at = ? WHERE id = ? AND state = 'approved'")) {
            statement.setLong(1, at.toEpochMilli());
            statement.setString(2, id);
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("record the heartbeat of approval request " + id, failed);
        }
    }

    /** Every request that has not ended: waiting for votes, or approved, oldest first. */
    public synchronized List<ApprovalRow> unfinishedApprovals() {
        return approvals("read approval requests", "SELECT " + APPROVAL_COLUMNS + " FROM approval_requests"
                + " WHERE state IN ('requested', 'approved') ORDER BY created_at, id");
    }

    /**
     * Stores {@code next} in place of the request with its id and appends {@code entry} to the audit
     * log, in one transaction, but only while the stored request is still in state {@code fromState};
     * returns whether it did. So a request is ended once, whichever process or thread ends it.
     */
    public synchronized boolean endApproval(ApprovalRow next, String fromState, AuditEntry entry) {
        return replaceApprovalIf(next, fromState, null, false, entry);
    }

    /**
     * Like {@link #endApproval} from {@code approved}, but only while the request's heartbeat is still
     * older than {@code silentBefore}, so a restore whose heartbeat arrived meanwhile is left alone; the
     * request is then listed by {@link #approvalsToAnnounce} until {@link #announced}.
     */
    public synchronized boolean abandonApproval(ApprovalRow next, Instant silentBefore, AuditEntry entry) {
        return replaceApprovalIf(next, "approved", silentBefore, true, entry);
    }

    /** Requests ended by {@link #abandonApproval} that people have not been told about yet, oldest first. */
    public synchronized List<ApprovalRow> approvalsToAnnounce() {
        return approvals("read approval requests", "SELECT " + APPROVAL_COLUMNS + " FROM approval_requests"
                + " WHERE announce_pending = 1 ORDER BY created_at, id");
    }

    /** Records that people were told how request {@code id} ended. */
    public synchronized void announced(String id) {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE approval_requests SET announce_pending = 0 WHERE id = ?")) {
            statement.setString(1, id);
            statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure("mark approval request " + id + " announced", failed);
        }
    }

    private boolean replaceApprovalIf(ApprovalRow next, String fromState, Instant silentBefore, boolean announce,
                                      AuditEntry entry) {
        String sql = "UPDATE approval_requests SET state = ?, approved_by = ?, denied_by = ?, executed_at = ?,"
                + " heartbeat_at = ?, error = ?, announce_pending = ? WHERE id = ? AND state = ?"
                + (silentBefore == null ? "" : " AND COALESCE(heartbeat_at, created_at) < ?");
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, next.state());
                statement.setString(2, String.join(",", next.approvedBy()));
                statement.setString(3, String.join(",", next.deniedBy()));
                statement.setObject(4, millis(next.executedAt()));
                statement.setObject(5, millis(next.heartbeatAt()));
                statement.setString(6, next.error());
                statement.setInt(7, announce ? 1 : 0);
                statement.setString(8, next.id());
                statement.setString(9, fromState);
                if (silentBefore != null) {
                    statement.setLong(10, silentBefore.toEpochMilli());
                }
                boolean changed = statement.executeUpdate() == 1;
                if (changed) {
                    audit(entry);
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException problem) {
                connection.rollback();
                throw problem;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException problem) {
            throw failure("end approval request " + next.id(), problem);
        }
    }

    private List<ApprovalRow> approvals(String what, String sql, String... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setString(index + 1, parameters[index]);
            }
            List<ApprovalRow> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found.add(new ApprovalRow(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), Instant.ofEpochMilli(row.getLong(7)),
                            Instant.ofEpochMilli(row.getLong(8)), row.getString(9), names(row.getString(10)),
                            names(row.getString(11)), instant(row, 12), row.getString(13), instant(row, 14),
                            row.getString(15)));
                }
            }
            return found;
        } catch (SQLException failed) {
            throw failure(what, failed);
        }
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static List<String> names(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** How many backups of a database there are in each status, by status label. */
    public synchronized java.util.Map<String, Long> countByStatus(String database) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status, count(*) FROM backups WHERE database = ? GROUP BY status")) {
            statement.setString(1, database);
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException failed) {
            throw failure("count backups", failed);
        }
    }

    /** Fails when the catalog cannot answer a trivial query; for health checks. */
    public synchronized void ping() {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM backups").close();
        } catch (SQLException failed) {
            throw failure("query", failed);
        }
    }

    private List<BackupRecord> query(String sql, String... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setString(index + 1, parameters[index]);
            }
            List<BackupRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(readBackup(rows));
                }
            }
            return records;
        } catch (SQLException failed) {
            throw failure("read backups", failed);
        }
    }

    private static void bindBackup(PreparedStatement statement, BackupRecord backup) throws SQLException {
        statement.setString(1, backup.id());
        statement.setString(2, backup.database());
        statement.setString(3, backup.engine());
        statement.setLong(4, backup.createdAt().toEpochMilli());
        statement.setObject(5, backup.finishedAt() == null ? null : backup.finishedAt().toEpochMilli());
        statement.setString(6, backup.status().label());
        statement.setString(7, backup.objectKey());
        statement.setString(8, backup.manifestKey());
        statement.setLong(9, backup.sizeBytes());
        statement.setString(10, backup.sha256());
        statement.setLong(11, backup.rawSizeBytes());
        statement.setString(12, backup.rawSha256());
        statement.setString(13, backup.actor());
        statement.setString(14, backup.error());
    }

    private static BackupRecord readBackup(ResultSet rows) throws SQLException {
        long finished = rows.getLong(5);
        Instant finishedAt = rows.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new BackupRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                Instant.ofEpochMilli(rows.getLong(4)), finishedAt, BackupStatus.fromLabel(rows.getString(6)),
                rows.getString(7), rows.getString(8), rows.getLong(9), rows.getString(10), rows.getLong(11),
                rows.getString(12), rows.getString(13), rows.getString(14));
    }

    private CatalogException failure(String what, SQLException cause) {
        return new CatalogException("catalog " + file + ": cannot " + what + ": " + cause.getMessage(), cause);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a connection that failed leaves nothing to clean up.
        }
    }
}
