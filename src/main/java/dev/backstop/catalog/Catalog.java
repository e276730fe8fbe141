package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.OpenAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Backstop's record of backups and its audit log, in one SQLite file in WAL mode. Safe to share
 * between threads; other processes may use the same file at the same time. Each table has its own
 * class in this package; this one opens the file, holds the lock, and hands each call to its table.
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

    private final CatalogConnection connection;
    private final AuditLog auditLog;
    private final BackupRows backups;
    private final AbandonedBackups abandonedBackups;
    private final DrillRows drills;
    private final AlertRows alerts;
    private final ApprovalRequests approvals;
    private final ApprovalEndings approvalEndings;

    private Catalog(CatalogConnection connection) {
        this.connection = connection;
        this.auditLog = new AuditLog(connection);
        this.backups = new BackupRows(connection);
        this.abandonedBackups = new AbandonedBackups(connection, auditLog);
        this.drills = new DrillRows(connection);
        this.alerts = new AlertRows(connection);
        this.approvals = new ApprovalRequests(connection);
        this.approvalEndings = new ApprovalEndings(connection, auditLog);
    }

    /** Opens the catalog, creating the file and its folder if needed, and migrates its schema. */
    public static Catalog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                Migrations.enableWal(statement);
                statement.execute("PRAGMA synchronous = FULL");
                Migrations.apply(connection);
            } catch (SQLException failed) {
                connection.close();
                throw failed;
            }
            return new Catalog(new CatalogConnection(file, connection));
        } catch (SQLException | IOException failed) {
            throw new CatalogException("cannot open catalog " + file + ": " + failed.getMessage(), failed);
        }
    }

    public Path file() {
        return connection.file();
    }

    /**
     * Connections to the catalog for a library that keeps its own tables in it (the job scheduler's
     * {@code scheduled_tasks}); each waits up to 10 s for another writer, as the catalog's own does.
     */
    // Until the catalog pool: a plain SQLite data source, one new connection per call.
    public javax.sql.DataSource dataSource() {
        org.sqlite.SQLiteConfig settings = new org.sqlite.SQLiteConfig();
        settings.setBusyTimeout(10_000);
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(settings);
        source.setUrl("jdbc:sqlite:" + connection.file().toAbsolutePath());
        return source;
    }

    /** Records a backup that has just started; its heartbeat is its creation time. */
    public synchronized void insert(BackupRecord backup) {
        backups.insert(backup);
    }

    /** Stores the new state of a backup already recorded. */
    public synchronized void update(BackupRecord backup) {
        backups.update(backup);
    }

    /**
     * Records that the process running backup {@code id} is alive at {@code at}, so no other process
     * takes it for abandoned. A backup that has ended, or is not there, is left as it is.
     */
    public synchronized void heartbeat(String id, Instant at) {
        backups.heartbeat(id, at);
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
        return abandonedBackups.fail(now);
    }

    public synchronized Optional<BackupRecord> find(String database, String id) {
        return backups.find(database, id);
    }

    /**
     * True when a backup of any database is running at {@code now}, in any process that shares the
     * catalog: a {@code running} row whose heartbeat is younger than {@link #ABANDONED_AFTER} (an older
     * one is a backup whose process died, whether or not {@link #failAbandoned} has marked it yet).
     */
    public synchronized boolean anyBackupRunning(Instant now) {
        return backups.anyRunning(now.minus(ABANDONED_AFTER));
    }

    public synchronized Optional<BackupRecord> latestSucceeded(String database) {
        return backups.latestSucceeded(database);
    }

    /** The newest succeeded backup of a database that carries {@code label}. */
    public synchronized Optional<BackupRecord> latestSucceeded(String database, String label) {
        return backups.latestSucceeded(database, label);
    }

    /** The newest {@code limit} backups of a database, newest first, whatever their status. */
    public synchronized List<BackupRecord> list(String database, int limit) {
        return backups.list(database, limit);
    }

    /** Appends one entry to the audit log. Entries can never be changed or removed. */
    public synchronized void audit(AuditEntry entry) {
        auditLog.append(entry);
    }

    /** The newest {@code limit} audit entries, oldest first. */
    public synchronized List<AuditEntry> auditLog(int limit) {
        return auditLog.newest(limit);
    }

    /** The sequence number of the newest audit entry, 0 while the log is empty. */
    public synchronized long lastAuditSeq() {
        return auditLog.lastSeq();
    }

    /**
     * Up to {@code limit} audit entries numbered above {@code seq}, oldest first, written by any process
     * that shares this catalog; a reader keeps the last number it saw to follow the log.
     */
    public synchronized List<NumberedAuditEntry> auditAfter(long seq, int limit) {
        return auditLog.after(seq, limit);
    }

    /** Records a finished drill. */
    public synchronized void insertDrill(DrillRecord drill) {
        drills.insert(drill);
    }

    /** The newest drill of a database, or, with {@code passedOnly}, the newest that passed. */
    public synchronized Optional<DrillRecord> lastDrill(String database, boolean passedOnly) {
        return drills.last(database, passedOnly);
    }

    /** Up to {@code limit} drills of {@code database}, newest first. */
    public synchronized List<DrillRecord> drills(String database, int limit) {
        return drills.newest(database, false, limit);
    }

    /** Every open incident, oldest first. */
    public synchronized List<OpenAlert> openAlerts() {
        return alerts.open();
    }

    /** Opens or refreshes an incident. */
    public synchronized void saveAlert(OpenAlert alert) {
        alerts.save(alert);
    }

    /** Closes an incident. */
    public synchronized void closeAlert(String database, String kind) {
        alerts.close(database, kind);
    }

    /** Stores an approval request, replacing its previous state. */
    public synchronized void saveApproval(ApprovalRow row) {
        approvals.save(row);
    }

    /** Finds an approval request by id, or by the chat message that carries it. */
    public synchronized Optional<ApprovalRow> findApproval(String idOrMessageRef) {
        return approvals.find(idOrMessageRef);
    }

    /**
     * Backup ids that requests waiting for votes and not past their expiry at {@code now}, or approved
     * ones whose restore runs, are bound to, so retention keeps them.
     */
    public synchronized Set<String> backupsAwaitingRestore(String database, Instant now) {
        return approvals.backupsAwaitingRestore(database, now);
    }

    /**
     * Records that the process restoring request {@code id} is alive at {@code at}. A request that is
     * not approved (any more), or is not there, is left as it is.
     */
    public synchronized void approvalHeartbeat(String id, Instant at) {
        approvals.heartbeat(id, at);
    }

    /** Every request that has not ended: waiting for votes, or approved, oldest first. */
    public synchronized List<ApprovalRow> unfinishedApprovals() {
        return approvals.unfinished();
    }

    /**
     * Every request waiting for votes or approved, and those that ended failed at {@code failedSince} or
     * later, oldest first: what people may have to act on.
     */
    public synchronized List<ApprovalRow> unfinishedOrFailedSince(Instant failedSince) {
        return approvals.unfinishedOrFailedSince(failedSince);
    }

    /**
     * Stores {@code next} in place of the request with its id and appends {@code entry} to the audit
     * log, in one transaction, but only while the stored request is still in state {@code fromState};
     * returns whether it did. So a request is ended once, whichever process or thread ends it.
     */
    public synchronized boolean endApproval(ApprovalRow next, String fromState, AuditEntry entry) {
        return approvalEndings.end(next, fromState, entry);
    }

    /**
     * Like {@link #endApproval} from {@code approved}, but only while the request's heartbeat is still
     * older than {@code silentBefore}, so a restore whose heartbeat arrived meanwhile is left alone; the
     * request is then listed by {@link #approvalsToAnnounce} until {@link #announced}.
     */
    public synchronized boolean abandonApproval(ApprovalRow next, Instant silentBefore, AuditEntry entry) {
        return approvalEndings.abandon(next, silentBefore, entry);
    }

    /** Requests ended by {@link #abandonApproval} that people have not been told about yet, oldest first. */
    public synchronized List<ApprovalRow> approvalsToAnnounce() {
        return approvals.toAnnounce();
    }

    /** Records that people were told how request {@code id} ended. */
    public synchronized void announced(String id) {
        approvalEndings.announced(id);
    }

    /**
     * Removes the pin and keep-until of backup {@code id} of {@code database}, so retention treats it like
     * any other; returns whether that backup exists.
     */
    public synchronized boolean release(String database, String id) {
        return backups.release(database, id);
    }

    /** How many backups of a database there are in each status, by status label. */
    public synchronized Map<String, Long> countByStatus(String database) {
        return backups.countByStatus(database);
    }

    /** Fails when the catalog cannot answer a trivial query; for health checks. */
    public synchronized void ping() {
        connection.ping();
    }

    @Override
    public synchronized void close() {
        connection.close();
    }
}
