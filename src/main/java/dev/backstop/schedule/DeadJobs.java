package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job leaves when the replica running it dies (killed, out of memory, power lost), found by its
 * missed heartbeats: the job is never run again (a backup half taken or a restore half done is not
 * something to repeat unasked). A backup it was taking is failed with an error that names the dead
 * replica, so the next monitor pass raises {@code backup.failed}; every dead job is audited by
 * {@value #ACTOR}. A dead backup's job lock is freed at once, so the database's next slot runs on a
 * living replica instead of being refused until the lock's lease ran out (two minutes, many slots of a
 * short schedule); if the replica was only paused, not dead, the worst is two backups of one database at
 * once. A dead restore's lock is left to its lease: a second restore over a first that may still be
 * writing is not a risk to take early.
 */
final class DeadJobs {

    /** Who the audit log names for a dead job. */
    static final String ACTOR = "backstop";

    private static final int ROWS_CHECKED = 20;

    private final Catalog catalog;
    private final Clock clock;
    private final Duration silence;

    /** Dead jobs of replicas whose jobs count as stalled after {@code stallTimeout}. */
    DeadJobs(Catalog catalog, Clock clock, Duration stallTimeout) {
        this.catalog = catalog;
        this.clock = clock;
        this.silence = Catalog.heartbeatInterval(stallTimeout).multipliedBy(2);
    }

    /** The kind of job whose lock a dead replica's job frees. */
    static final String BACKUP = "backup";

    /**
     * Ends the {@code kind} job of {@code database} run by {@code actor} that replica {@code replica}
     * ({@code host:pid}, which starts the holder names of its job locks) started for the slot (or
     * request) of {@code since}, last alive at {@code lastHeartbeat}; returns the backups it failed. Only
     * running backups of that job are failed: of the database, by the same actor, started since the
     * job's slot, and silent for two of their beats; a backup another process runs (for someone else, or
     * for the same actor after the dead job's lock ran out) beats and is left. A backup's lock on the
     * database, if the dead replica holds it, is freed.
     */
    List<BackupRecord> end(String kind, String database, String actor, String replica, Instant since,
                           Instant lastHeartbeat) {
        Instant now = clock.instant();
        String why = "interrupted: replica " + replica + " running it stopped (no heartbeat since " + lastHeartbeat
                + "); Backstop did not run it again";
        List<BackupRecord> failed = new ArrayList<>();
        boolean beating = false;
        for (BackupRecord backup : catalog.list(database, ROWS_CHECKED)) {
            if (backup.status() == BackupStatus.RUNNING && backup.actor().equals(actor)
                    && !backup.createdAt().isBefore(since.minusSeconds(1))) {
                BackupRecord ended = backup.failed(now, why);
                if (catalog.failIfSilent(ended, now.minus(silence), now)) {
                    failed.add(ended);
                } else {
                    beating = true;
                }
            }
        }
        if (failed.isEmpty()) {
            catalog.audit(new AuditEntry(now, ACTOR, kind, database, "", "", "failed", why));
        }
        // A backup that still beats has a live process behind it: its lock stays with it.
        if (kind.equals(BACKUP) && !beating) {
            catalog.unlockProcess(database, replica);
        }
        return failed;
    }
}
