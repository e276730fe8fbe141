package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.LeftoverRestore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Drops the databases that restores loaded into and left behind when their process died. One is
 * dropped only when its restore started more than {@link #SAFE_AGE} ago and no session is open on it;
 * a session means a restore may still be loading, so it is skipped without an error.
 */
final class LeftoverSweep {

    /** A live restore has no session only for moments, and only this soon after it started. */
    static final Duration SAFE_AGE = Duration.ofHours(24);
    private static final String DROP_LEFTOVER = "drop leftover restore";

    private final Catalog catalog;
    private final Function<DatabaseConfig, DatabaseEngine> engines;
    private final Clock clock;

    LeftoverSweep(Catalog catalog, Function<DatabaseConfig, DatabaseEngine> engines, Clock clock) {
        this.catalog = catalog;
        this.engines = engines;
        this.clock = clock;
    }

    /** Every restore database of {@code database}, oldest first, with what a sweep now would do. */
    List<LeftoverVerdict> review(DatabaseConfig database) {
        return list(database, engines.apply(database)).stream().map(this::judge).toList();
    }

    /**
     * Drops the leftovers that {@link #review} says to drop and returns them; one that gained a session
     * meanwhile is skipped. Every drop and every failure goes to the audit log with {@code actor}; the
     * first failure stops the sweep and is thrown as a BackstopException that says what happened.
     */
    List<LeftoverRestore> sweep(DatabaseConfig database, String actor) {
        DatabaseEngine engine = engines.apply(database);
        List<LeftoverVerdict> verdicts;
        try {
            verdicts = list(database, engine).stream().map(this::judge).filter(LeftoverVerdict::drop).toList();
        } catch (BackstopException failed) {
            audit(actor, database, engine.describe(engine.defaultTarget()), "failed", failed.getMessage());
            throw failed;
        }
        List<LeftoverRestore> dropped = new ArrayList<>();
        for (LeftoverVerdict verdict : verdicts) {
            LeftoverRestore leftover = verdict.leftover();
            try {
                if (!engine.dropLeftoverRestore(leftover)) {
                    continue; // a session opened since it was listed: a restore may be loading after all
                }
            } catch (IOException | RuntimeException failed) {
                audit(actor, database, leftover.location(), "failed", failed.getMessage());
                throw new BackstopException(String.valueOf(failed.getMessage()), failed);
            }
            audit(actor, database, leftover.location(), "succeeded", "restore started at " + leftover.startedAt()
                    + ", no sessions, older than " + Durations.format(SAFE_AGE));
            dropped.add(leftover);
        }
        return dropped;
    }

    private LeftoverVerdict judge(LeftoverRestore leftover) {
        Instant now = clock.instant();
        Duration age = leftover.age(now);
        if (age.isNegative()) {
            return new LeftoverVerdict(leftover, false, "started after now by this clock, may still be loading");
        }
        if (age.compareTo(SAFE_AGE) <= 0) {
            return new LeftoverVerdict(leftover, false, "started " + Durations.format(age)
                    + " ago, may still be loading");
        }
        if (leftover.sessions() > 0) {
            return new LeftoverVerdict(leftover, false, leftover.sessions()
                    + (leftover.sessions() == 1 ? " session" : " sessions") + " open, may still be loading");
        }
        return new LeftoverVerdict(leftover, true, "leftover of a restore started " + Durations.format(age)
                + " ago, no sessions");
    }

    private static List<LeftoverRestore> list(DatabaseConfig database, DatabaseEngine engine) {
        try {
            return engine.leftoverRestores();
        } catch (IOException | RuntimeException failed) {
            throw new BackstopException("cannot list the restore databases of " + database.name() + ": "
                    + failed.getMessage(), failed);
        }
    }

    private void audit(String actor, DatabaseConfig database, String target, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, DROP_LEFTOVER, database.name(), "", target, outcome,
                String.valueOf(detail)));
    }
}
