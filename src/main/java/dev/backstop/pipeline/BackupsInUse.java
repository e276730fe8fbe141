package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backups that running work (such as drills) is reading, in any process that shares the catalog, so
 * retention run anywhere leaves them alone. Each hold is a catalog row with a lease renewed while it is
 * held; a hold left by a process that died ends with its lease.
 */
public final class BackupsInUse {

    private final Catalog catalog;
    private final Clock clock;
    private final Duration lease;
    private final Ticker renewals = new LeaseTimer();
    private final String holder = LeaseTimer.newHolder();
    private final AtomicLong holds = new AtomicLong();

    /** Holds with the default two-minute lease. */
    public BackupsInUse(Catalog catalog, Clock clock) {
        this(catalog, clock, LeaseTimer.LEASE);
    }

    public BackupsInUse(Catalog catalog, Clock clock, Duration lease) {
        this.catalog = catalog;
        this.clock = clock;
        this.lease = lease;
    }

    /** A hold on a backup; closing it stops renewing its lease and ends it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Marks a backup in use until the returned handle is closed. */
    public Held hold(String database, String backupId) {
        String hold = holder + ":" + holds.incrementAndGet();
        Instant now = clock.instant();
        catalog.holdBackup(database, backupId, hold, now, now.plus(lease));
        Ticker.Ticking renewal = renewals.every(LeaseTimer.renewalOf(lease), () -> {
            Instant at = clock.instant();
            catalog.holdBackup(database, backupId, hold, at, at.plus(lease));
        });
        return () -> {
            renewal.close();
            catalog.releaseBackup(database, backupId, hold);
        };
    }

    /** The ids of the database's backups in use now, by any process. */
    public Set<String> ids(String database) {
        return catalog.backupsInUse(database, clock.instant());
    }
}
