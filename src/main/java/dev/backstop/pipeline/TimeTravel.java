package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.PointInTime;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Restores of a database to a past moment in place, through its engine's {@link PointInTime}: refused
 * in one line, before anything runs, for engines without it, future times and times beyond its reach.
 * Each one holds the database's job slot and is audited as {@code restore.at} with the bookmark that undoes it.
 */
public final class TimeTravel {

    private final BackstopConfig config;
    private final EngineResolver engines;
    private final Catalog catalog;
    private final JobLocks locks;
    private final Clock clock;

    TimeTravel(BackstopConfig config, EngineResolver engines, Catalog catalog, JobLocks locks, Clock clock) {
        this.config = config;
        this.engines = engines;
        this.catalog = catalog;
        this.locks = locks;
        this.clock = clock;
    }

    /** The engine's capability, once {@code at} is checked; a one-line {@link BackstopException} otherwise. */
    public PointInTime require(String database, Instant at) {
        DatabaseConfig settings = Databases.require(config, database);
        DatabaseEngine engine = engines.engineFor(settings);
        PointInTime travel = engine.capability(PointInTime.class).orElseThrow(() -> new BackstopException("the "
                + engine.name() + " engine of " + database + " cannot restore to a point in time; restore a backup"
                + " instead: `backstop restore " + database + " latest`"));
        Instant now = clock.instant();
        if (at.isAfter(now)) {
            throw new BackstopException(at + " is in the future; give a past time for --at");
        }
        if (at.isBefore(now.minus(travel.reach()))) {
            throw new BackstopException(at + " is more than " + Durations.format(travel.reach()) + " ago, beyond what"
                    + " the " + engine.name() + " engine can reach; restore a backup from `backstop list " + database
                    + "` instead");
        }
        return travel;
    }

    /** Puts {@code database} back to {@code at}. Authorization, such as the two-person rule, happens before. */
    public PointInTime.Rewound restore(String database, Instant at, String actor) {
        PointInTime travel = require(database, at);
        return rewind(database, "to " + at, actor, () -> travel.rewind(at));
    }

    /**
     * The bookmark that stands for {@code database} at {@code at}, found without changing anything, so
     * that approvals can be bound to it; a one-line {@link BackstopException} when there is none.
     */
    public String bookmarkAt(String database, Instant at) {
        PointInTime travel = require(database, at);
        try {
            return travel.bookmarkAt(at);
        } catch (IOException failed) {
            throw new BackstopException("cannot find the state of " + database + " at " + at + ": "
                    + failed.getMessage(), failed);
        }
    }

    /**
     * Puts {@code database} back to exactly {@code bookmark}, found by {@link #bookmarkAt} for {@code at}
     * (the time is only checked to be still within reach, never resolved again). Authorization happens before.
     */
    public PointInTime.Rewound restoreTo(String database, String bookmark, Instant at, String actor) {
        PointInTime travel = require(database, at);
        return rewind(database, "to bookmark " + bookmark + " (" + at + ")", actor, () -> travel.rewindTo(bookmark));
    }

    private interface Rewinding {
        PointInTime.Rewound run() throws IOException;
    }

    private PointInTime.Rewound rewind(String database, String to, String actor, Rewinding rewinding) {
        try (JobLocks.Held held = locks.acquire(database, "restore", actor)) {
            PointInTime.Rewound rewound = rewinding.run();
            audit(actor, database, "succeeded", to + ": bookmark " + rewound.bookmark()
                    + "; previous bookmark " + rewound.previous() + " undoes it");
            return rewound;
        } catch (IOException failed) {
            audit(actor, database, "failed", failed.getMessage());
            throw new BackstopException("restore of " + database + " " + to + " failed: " + failed.getMessage(),
                    failed);
        } catch (BackstopException refused) {
            audit(actor, database, "failed", refused.getMessage());
            throw refused;
        }
    }

    private void audit(String actor, String database, String outcome, String detail) {
        DatabaseEngine engine = engines.engineFor(Databases.require(config, database));
        catalog.audit(new AuditEntry(clock.instant(), actor, "restore.at", database, "",
                engine.describe(engine.defaultTarget()), outcome, detail));
    }
}
