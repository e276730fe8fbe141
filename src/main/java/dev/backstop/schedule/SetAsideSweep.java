package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.SetAside;
import dev.backstop.core.SetAsideHousekeeping;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Drops the databases restores left beside their targets, for engines with {@link SetAsideHousekeeping}.
 * A pre-restore copy is dropped once it is older than the database's {@code keep_pre_restore}. A restoring
 * database is dropped only when its restore started more than {@link #SAFE_AGE} ago and no session is
 * open on it; a session means a restore may still be loading, so it is skipped without an error.
 */
final class SetAsideSweep {

    /** A live restore has no session only for moments, and only this soon after it started. */
    static final Duration SAFE_AGE = Duration.ofHours(24);

    private final Catalog catalog;
    private final Function<DatabaseConfig, DatabaseEngine> engines;
    private final Clock clock;

    SetAsideSweep(Catalog catalog, Function<DatabaseConfig, DatabaseEngine> engines, Clock clock) {
        this.catalog = catalog;
        this.engines = engines;
        this.clock = clock;
    }

    /** Every set-aside database of {@code database}, restoring ones first, with what a sweep now would do. */
    List<SetAsideVerdict> review(DatabaseConfig database) {
        return housekeeping(database).map(found -> list(database, found).stream()
                .map(each -> judge(database, each)).toList()).orElse(List.of());
    }

    /**
     * Drops what {@link #review} says to drop and returns it; a restoring database that gained a session
     * meanwhile is skipped, a pre-restore copy still in use is a failure. Every drop and every failure
     * goes to the audit log with {@code actor}; the first failure stops the sweep and is thrown as a
     * BackstopException that says what happened.
     */
    List<SetAside> sweep(DatabaseConfig database, String actor) {
        Optional<SetAsideHousekeeping> found = housekeeping(database);
        if (found.isEmpty()) {
            return List.of();
        }
        SetAsideHousekeeping housekeeping = found.get();
        List<SetAsideVerdict> verdicts;
        try {
            verdicts = list(database, housekeeping).stream().map(each -> judge(database, each))
                    .filter(SetAsideVerdict::drop).toList();
        } catch (BackstopException failed) {
            DatabaseEngine engine = engines.apply(database);
            audit(actor, database, null, engine.describe(engine.defaultTarget()), "failed", failed.getMessage());
            throw failed;
        }
        List<SetAside> dropped = new ArrayList<>();
        for (SetAsideVerdict verdict : verdicts) {
            SetAside each = verdict.database();
            boolean gone;
            try {
                gone = housekeeping.drop(each);
            } catch (IOException | RuntimeException failed) {
                audit(actor, database, each.kind(), each.location(), "failed", failed.getMessage());
                throw new BackstopException(String.valueOf(failed.getMessage()), failed);
            }
            if (!gone && each.kind() == SetAside.Kind.RESTORING) {
                continue; // a session opened since it was listed: a restore may be loading after all
            }
            if (!gone) {
                String inUse = "cannot drop " + each.location() + ": it is still in use; close the sessions on it and"
                        + " prune again";
                audit(actor, database, each.kind(), each.location(), "failed", inUse);
                throw new BackstopException(inUse);
            }
            audit(actor, database, each.kind(), each.location(), "succeeded", each.kind() == SetAside.Kind.RESTORING
                    ? "restore started at " + each.since() + ", no sessions, older than " + Durations.format(SAFE_AGE)
                    : "set aside at " + each.since() + ", older than keep_pre_restore "
                            + Durations.format(database.keepPreRestore()));
            dropped.add(each);
        }
        return dropped;
    }

    private Optional<SetAsideHousekeeping> housekeeping(DatabaseConfig database) {
        return engines.apply(database).capability(SetAsideHousekeeping.class);
    }

    private SetAsideVerdict judge(DatabaseConfig database, SetAside each) {
        Instant now = clock.instant();
        if (each.kind() == SetAside.Kind.PRE_RESTORE) {
            boolean expired = each.olderThan(database.keepPreRestore(), now);
            return new SetAsideVerdict(each, expired, (expired ? "older than " : "younger than ")
                    + "keep_pre_restore " + Durations.format(database.keepPreRestore()));
        }
        Duration age = each.age(now);
        if (age.isNegative()) {
            return new SetAsideVerdict(each, false, "started after now by this clock, may still be loading");
        }
        if (age.compareTo(SAFE_AGE) <= 0) {
            return new SetAsideVerdict(each, false, "started " + Durations.format(age) + " ago, may still be loading");
        }
        if (each.sessions() > 0) {
            return new SetAsideVerdict(each, false, each.sessions()
                    + (each.sessions() == 1 ? " session" : " sessions") + " open, may still be loading");
        }
        return new SetAsideVerdict(each, true, "leftover of a restore started " + Durations.format(age)
                + " ago, no sessions");
    }

    private static List<SetAside> list(DatabaseConfig database, SetAsideHousekeeping housekeeping) {
        try {
            return housekeeping.setAside();
        } catch (IOException | RuntimeException failed) {
            throw new BackstopException("cannot list the set-aside databases of " + database.name() + ": "
                    + failed.getMessage(), failed);
        }
    }

    /** Audits under the kind's own action ("drop pre-restore", "drop leftover restore"); a null kind is the listing. */
    private void audit(String actor, DatabaseConfig database, SetAside.Kind kind, String target, String outcome,
                       String detail) {
        String action = kind == null ? "drop set-aside" : kind == SetAside.Kind.RESTORING ? "drop leftover restore"
                : "drop pre-restore";
        catalog.audit(new AuditEntry(clock.instant(), actor, action, database.name(), "", target, outcome,
                String.valueOf(detail)));
    }
}
