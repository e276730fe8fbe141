package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import dev.backstop.catalog.JobLock;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One backup or restore per database at a time, across every process and replica that shares the
 * catalog; a second is refused, naming the first. The lock is a row in the catalog with a lease that a
 * daemon timer renews while the job runs; a lock whose holder died (crashed, killed) is taken over once
 * its lease ran out.
 */
public final class JobLocks {

    private static final System.Logger LOG = System.getLogger(JobLocks.class.getName());
    private static final int ATTEMPTS = 3;

    private final Catalog catalog;
    private final Clock clock;
    private final Duration lease;
    private final Ticker renewals;
    private final String holder = LeaseTimer.newHolder();

    /** Locks with the default two-minute lease, renewed every 20 seconds. */
    public JobLocks(Catalog catalog, Clock clock) {
        this(catalog, clock, LeaseTimer.LEASE);
    }

    /** Locks whose lease is {@code lease}, renewed every sixth of it. */
    public JobLocks(Catalog catalog, Clock clock, Duration lease) {
        this.catalog = catalog;
        this.clock = clock;
        this.lease = lease;
        this.renewals = new LeaseTimer();
    }

    /**
     * This process as {@code host:pid}, which starts the name of each holder in it: the name a replica's
     * job scheduler goes by, so the replica that finds it dead can free its locks
     * ({@link Catalog#unlockProcess}).
     */
    public static String processName() {
        return LeaseTimer.processName();
    }

    /** This process's name as the holder of its locks: {@code host:pid:uuid}. */
    public String holder() {
        return holder;
    }

    /** Takes the database's slot, or throws naming the job that holds it, in whichever process it runs. */
    public Held acquire(String database, String job, String actor) {
        String description = job + " started by " + actor;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            if (catalog.tryLock(database, description, holder, now, now.plus(lease))) {
                Ticker.Ticking renewal = renewals.every(LeaseTimer.renewalOf(lease), () -> renew(database));
                return new Held(database, renewal);
            }
            var current = catalog.jobLock(database, now);
            if (current.isPresent() || attempt == ATTEMPTS) {
                String other = current.map(JobLock::job).orElse("job");
                throw new BackstopException("a " + other + " is already running on " + database
                        + "; wait for it to finish and try again");
            }
            // Its holder freed it between the two looks: try again.
        }
    }

    private void renew(String database) {
        if (!catalog.renewLock(database, holder, clock.instant().plus(lease))) {
            LOG.log(System.Logger.Level.WARNING, "the job lock of " + database + " was taken over after its lease"
                    + " ran out; this process paused for longer than " + lease);
        }
    }

    /** A held slot; closing it stops renewing its lease and frees the database for the next job. */
    public final class Held implements AutoCloseable {
        private final String database;
        private final Ticker.Ticking renewal;

        private Held(String database, Ticker.Ticking renewal) {
            this.database = database;
            this.renewal = renewal;
        }

        @Override
        public void close() {
            renewal.close();
            catalog.unlock(database, holder);
        }
    }
}
