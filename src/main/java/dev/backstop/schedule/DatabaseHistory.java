package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the status and the alert check read of one database from the catalog: its newest backups, its
 * newest good one, its last drill and its last passed drill. Read for every database at once, so 200
 * databases cost a few statements, not a thousand.
 */
record DatabaseHistory(List<BackupRecord> recent, Optional<BackupRecord> lastGood, Optional<DrillRecord> lastDrill,
                       Optional<DrillRecord> lastPassedDrill) {

    /** How many of the newest backups are read: the alert check looks at 50. */
    static final int RECENT = 50;

    /** The history of each of {@code databases}, every one a key, in the order given. */
    static Map<String, DatabaseHistory> of(Catalog catalog, Collection<String> databases) {
        Map<String, List<BackupRecord>> recent = catalog.listEach(databases, RECENT);
        Map<String, BackupRecord> good = catalog.latestSucceededEach(databases);
        Map<String, DrillRecord> drills = catalog.lastDrillEach(databases, false);
        Map<String, DrillRecord> passed = catalog.lastDrillEach(databases, true);
        Map<String, DatabaseHistory> histories = new LinkedHashMap<>();
        for (String database : databases) {
            histories.put(database, new DatabaseHistory(List.copyOf(recent.get(database)),
                    Optional.ofNullable(good.get(database)), Optional.ofNullable(drills.get(database)),
                    Optional.ofNullable(passed.get(database))));
        }
        return histories;
    }

    /** The newest {@code count} of the recent backups, newest first. */
    List<BackupRecord> newest(int count) {
        return recent.subList(0, Math.min(count, recent.size()));
    }
}
