package dev.backstop.catalog;

import com.zaxxer.hikari.HikariDataSource;
import dev.backstop.config.CatalogLocation;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Backstop's record of backups and its audit log, in one SQLite file in WAL mode or in a PostgreSQL
 * database, through the same SQL. Safe to share between threads; other processes may use the same
 * catalog at the same time. Each table has its own class in this package; this one opens the catalog,
 * holds the lock, and hands each call to its table.
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

    /**
     * How often a running backup's row beats when jobs count as stalled after {@code stallTimeout}: a
     * sixth of it, between 100 ms and {@link #HEARTBEAT_INTERVAL}, so that a row silent for two beats
     * belongs to a job whose replica was found dead (db-scheduler's beat is also a sixth of it).
     */
    public static Duration heartbeatInterval(Duration stallTimeout) {
        Duration beat = stallTimeout.dividedBy(6);
        if (beat.compareTo(Duration.ofMillis(100)) < 0) {
            return Duration.ofMillis(100);
        }
        return beat.compareTo(HEARTBEAT_INTERVAL) > 0 ? HEARTBEAT_INTERVAL : beat;
    }

    /** Who the audit log names when a backup is found abandoned. */
    static final String SWEEPER = "backstop";

    private final CatalogLocation location;
    private final CatalogDialect dialect;
    private final HikariDataSource pool;
    private final Clock clock;
    private final CatalogConnection connection;
    private final AuditLog auditLog;
    private final BackupRows backups;
    private final AbandonedBackups abandonedBackups;
    private final DrillRows drills;
    private final AlertRows alerts;
    private final ApprovalRequests approvals;
    private final ApprovalEndings approvalEndings;
    private final JobLockRows jobLocks;
    private final BackupHolds backupHolds;
    private final ConfirmationRows confirmations;
    private final SeenKeys seenKeys;

    private Catalog(CatalogLocation location, CatalogDialect dialect, HikariDataSource pool, Clock clock) {
        this.location = location;
        this.dialect = dialect;
        this.pool = pool;
        this.clock = clock;
        this.connection = new CatalogConnection(location.where(), Jdbi.create(pool));
        this.auditLog = new AuditLog(connection);
        Batches batches = new Batches(connection, dialect);
        this.backups = new BackupRows(connection, batches);
        this.abandonedBackups = new AbandonedBackups(connection, auditLog);
        this.drills = new DrillRows(connection, batches);
        this.alerts = new AlertRows(connection);
        this.approvals = new ApprovalRequests(connection);
        this.approvalEndings = new ApprovalEndings(connection, auditLog);
        this.jobLocks = new JobLockRows(connection);
        this.backupHolds = new BackupHolds(connection);
        this.confirmations = new ConfirmationRows(connection);
        this.seenKeys = new SeenKeys(connection);
    }

    /** Opens the SQLite catalog in {@code file}, creating the file and its folder if needed, and migrates its schema. */
    public static Catalog open(Path file) {
        return open(CatalogLocation.file(file), Clock.systemUTC());
    }

    /** Opens the SQLite catalog in {@code file}, whose {@link #clock} is {@code clock}. */
    public static Catalog open(Path file, Clock clock) {
        return open(CatalogLocation.file(file), clock);
    }

    /** Opens the catalog where {@code location} says, with the system clock for a SQLite one. */
    public static Catalog open(CatalogLocation location) {
        return open(location, Clock.systemUTC());
    }

    /**
     * Opens the catalog where {@code location} says and brings its schema up to date: a SQLite file (created
     * with its folder if needed), whose {@link #clock} is {@code clock}, or a PostgreSQL database, whose clock
     * follows the server's. Several processes may open one fresh catalog at once.
     */
    public static Catalog open(CatalogLocation location, Clock clock) {
        return open(location, clock, List.of());
    }

    /** Like {@link #open(CatalogLocation, Clock)}, with schema scripts also from {@code extraLocations}; for tests. */
    static Catalog open(CatalogLocation location, Clock clock, List<String> extraLocations) {
        CatalogDialect dialect = location.isFile() ? CatalogDialect.SQLITE : CatalogDialect.POSTGRESQL;
        HikariDataSource pool = null;
        try {
            if (location.isFile()) {
                prepareFile(location.file());
                pool = CatalogPools.sqlite(location.file());
            } else {
                pool = CatalogPools.postgresql(location.url(), location.password());
            }
            if (!extraLocations.isEmpty() || !FlywaySchema.current(pool, dialect)) {
                List<String> locations = new ArrayList<>(List.of(FlywaySchema.location(dialect)));
                locations.addAll(extraLocations);
                FlywaySchema.migrate(pool, dialect, locations);
            }
            if (location.isFile()) {
                try (Connection marking = pool.getConnection()) {
                    Migrations.markUnderFlyway(marking);
                }
            }
            Clock catalogClock = location.isFile() ? clock : ServerClock.of(pool, clock);
            return new Catalog(location, dialect, pool, catalogClock);
        } catch (SQLException | IOException | RuntimeException failed) {
            if (pool != null) {
                pool.close();
            }
            throw new CatalogException("cannot open catalog " + location.where() + ": "
                    + CatalogException.reason(failed), failed);
        }
    }

    /**
     * Switches a SQLite file to WAL (a lasting setting of the file) and brings one made by the legacy steps to
     * version 10, on a connection of its own, before the pool opens.
     */
    private static void prepareFile(Path file) throws SQLException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + CatalogPools.BUSY_TIMEOUT_MS);
            Migrations.enableWal(statement);
            statement.execute("PRAGMA synchronous = FULL");
            Migrations.upgradeOld(connection);
        }
    }

    /** The SQLite file the catalog is in, or null for a PostgreSQL catalog. */
    public Path file() {
        return location.file();
    }

    /** Where the catalog is: its file or its PostgreSQL URL (without password). */
    public CatalogLocation location() {
        return location;
    }

    /** Which database holds the catalog. */
    public CatalogDialect dialect() {
        return dialect;
    }

    /**
     * The clock every service of this catalog should read: for SQLite the one given to {@link #open}, for
     * PostgreSQL one that follows the database server's time, so replicas on several machines agree.
     */
    public Clock clock() {
        return clock;
    }

    /** The catalog's connection pool, for a component that keeps its own tables in the catalog (the job scheduler). */
    public DataSource dataSource() {
        return pool;
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

    /**
     * As {@link #failAbandoned(Instant)}, for backups silent for longer than {@code silence} (the
     * monitor pass uses the stall timeout, as for a replica that died, since a live backup's row beats
     * every sixth of it, see {@link #heartbeatInterval}).
     */
    public synchronized List<BackupRecord> failAbandoned(Instant now, Duration silence) {
        return abandonedBackups.fail(now, silence);
    }

    /**
     * Stores {@code failed} (a running backup ended as failed) only while its row is still running with a
     * heartbeat older than {@code silentBefore}, with an audit entry by {@value #SWEEPER}; true when it did.
     * A backup whose process still beats is left alone, whoever runs it.
     */
    public synchronized boolean failIfSilent(BackupRecord failed, Instant silentBefore, Instant now) {
        return abandonedBackups.failIfSilent(failed, silentBefore.toEpochMilli(), now);
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

    /**
     * The newest {@code limit} backups of each of {@code databases}, newest first, whatever their status:
     * what {@link #list} answers for each, in a few statements rather than one a database. Every database
     * asked for is a key (in the order asked), with an empty list when it has no backup.
     */
    public synchronized Map<String, List<BackupRecord>> listEach(Collection<String> databases, int limit) {
        return backups.newestOfEach(databases, limit, false);
    }

    /**
     * The newest succeeded backup of each of {@code databases} that has one, as {@link #latestSucceeded(String)}
     * answers it, in a few statements; a database without one is not a key.
     */
    public synchronized Map<String, BackupRecord> latestSucceededEach(Collection<String> databases) {
        Map<String, BackupRecord> latest = new LinkedHashMap<>();
        backups.newestOfEach(databases, 1, true).forEach((database, found) ->
                found.stream().findFirst().ifPresent(backup -> latest.put(database, backup)));
        return latest;
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

    /**
     * The newest drill of each of {@code databases}, or with {@code passedOnly} the newest that passed, as
     * {@link #lastDrill} answers it, in a few statements; a database without one is not a key.
     */
    public synchronized Map<String, DrillRecord> lastDrillEach(Collection<String> databases, boolean passedOnly) {
        return drills.lastOfEach(databases, passedOnly);
    }

    /**
     * Up to {@code limit} drills of each of {@code databases}, newest first, as {@link #drills} answers them, in
     * a few statements; every database asked for is a key, with an empty list when it has none.
     */
    public synchronized Map<String, List<DrillRecord>> drillsEach(Collection<String> databases, int limit) {
        return drills.newestOfEach(databases, false, limit);
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

    /**
     * Stores {@code next} in place of the request with its id and appends {@code entry} to the audit log, in
     * one transaction, but only while the stored request is still at {@code next.version()} (the version it
     * was read at); returns whether it did. Of callers that read the same version, exactly one succeeds;
     * the others re-read and decide again.
     */
    public synchronized boolean changeApproval(ApprovalRow next, AuditEntry entry) {
        return approvalEndings.change(next, entry);
    }

    /** Records which chat message carries request {@code id}, so reactions on it count as votes. */
    public synchronized void attachApprovalMessage(String id, String messageRef) {
        approvals.attachMessage(id, messageRef);
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
     * log, in one transaction, but only while the stored request is still in state {@code fromState} and at
     * {@code next.version()}; returns whether it did. So a request is ended once, whichever process or
     * thread ends it.
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

    /**
     * Takes the job lock of {@code database} for {@code holder} (a process, {@code host:pid:uuid}) with a lease
     * until {@code until}, when no one holds it or the holder's lease ended by {@code now}; returns whether it
     * did. Every process sharing the catalog sees the same locks.
     */
    public synchronized boolean tryLock(String database, String job, String holder, Instant now, Instant until) {
        return jobLocks.tryLock(database, job, holder, now, until);
    }

    /** Extends {@code holder}'s lease on the lock of {@code database}; false when it holds it no more. */
    public synchronized boolean renewLock(String database, String holder, Instant until) {
        return jobLocks.renew(database, holder, until);
    }

    /** Frees the lock of {@code database} if {@code holder} still holds it. */
    public synchronized void unlock(String database, String holder) {
        jobLocks.unlock(database, holder);
    }

    /**
     * Frees the lock of {@code database} if process {@code process} ({@code host:pid}, which starts each of its
     * holder names) holds it, for a process known dead before its lease ran out; true when it did.
     */
    public synchronized boolean unlockProcess(String database, String process) {
        return jobLocks.unlockProcess(database, process);
    }

    /** The lock of {@code database} whose lease still runs at {@code now}, whoever holds it. */
    public synchronized Optional<JobLock> jobLock(String database, Instant now) {
        return jobLocks.find(database, now);
    }

    /**
     * Marks backup {@code backupId} of {@code database} in use by {@code holder} until {@code until} (again to
     * extend it), so retention in any process keeps it; holds that expired by {@code now} are dropped.
     */
    public synchronized void holdBackup(String database, String backupId, String holder, Instant now,
                                        Instant until) {
        backupHolds.hold(database, backupId, holder, now, until);
    }

    /** Ends {@code holder}'s hold on a backup. */
    public synchronized void releaseBackup(String database, String backupId, String holder) {
        backupHolds.release(database, backupId, holder);
    }

    /** The ids of the database's backups that some process holds at {@code now}. */
    public synchronized Set<String> backupsInUse(String database, Instant now) {
        return backupHolds.inUse(database, now);
    }

    /** Stores what Confirm button {@code token} stands for until {@code until}; drops those expired by {@code now}. */
    public synchronized void saveConfirmation(String token, String payload, Instant now, Instant until) {
        confirmations.save(token, payload, now, until);
    }

    /** What Confirm button {@code token} stands for, while it has not expired at {@code now}; left in place. */
    public synchronized Optional<String> confirmation(String token, Instant now) {
        return confirmations.find(token, now);
    }

    /**
     * Deletes the confirmation under {@code token} and returns what it stood for, to exactly one caller across
     * every process; empty for the others, and once it expired at {@code now}.
     */
    public synchronized Optional<String> takeConfirmation(String token, Instant now) {
        return confirmations.take(token, now);
    }

    /**
     * Remembers {@code key} of {@code kind} until {@code until}; true only for the first caller, in any process,
     * while it is remembered. Keys past their time at {@code now} are forgotten.
     */
    public synchronized boolean firstSeen(String kind, String key, Instant now, Instant until) {
        return seenKeys.firstSeen(kind, key, now, until);
    }

    /** Forgets {@code key} of {@code kind}: a claim given up, so the next {@link #firstSeen} caller is first again. */
    public synchronized void forgetSeen(String kind, String key) {
        seenKeys.forget(kind, key);
    }

    /**
     * Fails when the catalog cannot answer a trivial query; for health checks. It does not wait behind
     * another call (one waiting for a server that went away), so a health check answers in seconds.
     */
    public void ping() {
        connection.ping();
    }

    @Override
    public synchronized void close() {
        if (clock instanceof ServerClock serverClock) {
            serverClock.close();
        }
        pool.close();
    }
}
