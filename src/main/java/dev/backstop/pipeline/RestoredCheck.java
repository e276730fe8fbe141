package dev.backstop.pipeline;

import dev.backstop.core.Applied;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DatabaseEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a restored target before anyone is told it was restored: the engine's damage checks (its
 * integrity checks without the data's own rules, which the source may already have broken) must pass
 * and every table must hold the row count the manifest recorded for the source.
 */
final class RestoredCheck {

    private final DatabaseEngine engine;
    private final String target;

    RestoredCheck(DatabaseEngine engine, String target) {
        this.engine = engine;
        this.target = target;
    }

    /** Returns when the target holds {@code backup}; otherwise throws a one-line error. */
    void require(BackupRecord backup, Manifest manifest, Applied applied) {
        String problem;
        try {
            List<String> problems = engine.damageProblems(target);
            Map<String, Long> counts = problems.isEmpty() ? engine.rowCounts(target) : Map.of();
            problem = !problems.isEmpty()
                    ? "its integrity check found " + problems.size() + " problem(s): "
                            + String.join("; ", problems.subList(0, Math.min(3, problems.size()))).replaceAll("\\s+", " ")
                    : counts.equals(manifest.tableRowCounts()) ? null
                    : "its row counts differ from the backup's manifest: " + differences(manifest.tableRowCounts(), counts);
        } catch (IOException | RuntimeException unreadable) {
            problem = "it could not be checked: " + Failures.describe(unreadable);
        }
        if (problem != null) {
            throw new BackstopException("restore of " + backup.database() + " backup " + backup.id() + " into "
                    + engine.describe(target) + " ran, but " + problem
                    + applied.note()
                    + "; do not use the target: restore again, or restore an older backup");
        }
    }

    /** Each table whose count differs, as {@code table <restored> vs <recorded>}. */
    static String differences(Map<String, Long> recorded, Map<String, Long> actual) {
        List<String> out = new ArrayList<>();
        Set<String> tables = new TreeSet<>(recorded.keySet());
        tables.addAll(actual.keySet());
        for (String table : tables) {
            Long expected = recorded.get(table);
            Long seen = actual.get(table);
            if (!Objects.equals(expected, seen)) {
                out.add(table + " " + (seen == null ? "missing" : seen) + " vs " + (expected == null ? "absent" : expected));
            }
        }
        return String.join(", ", out);
    }
}
