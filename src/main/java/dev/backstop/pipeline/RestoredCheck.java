package dev.backstop.pipeline;

import dev.backstop.core.Applied;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.SnapshotRowCounts;
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
 * and every table must hold the row count the manifest recorded for the source. An engine that ran
 * these checks on the very bytes it put at the target, while making them durable, hands over what
 * they found in {@link Applied#checked()} instead of the target being read again.
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
            Applied.Checked found = applied.checked().isPresent() ? applied.checked().get() : check();
            List<String> problems = found.damageProblems();
            Map<String, Long> counts = found.rowCounts();
            problem = !problems.isEmpty()
                    ? "its integrity check found " + problems.size() + " problem(s): "
                            + String.join("; ", problems.subList(0, Math.min(3, problems.size()))).replaceAll("\\s+", " ")
                    : matches(engine, manifest.tableRowCounts(), counts) ? null
                    : "its row counts differ from the backup's manifest: "
                            + differences(engine, manifest.tableRowCounts(), counts);
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

    /** The engine's damage checks on the target, then (only when they found nothing) its row counts. */
    private Applied.Checked check() throws IOException {
        List<String> problems = engine.damageProblems(target);
        return new Applied.Checked(problems, problems.isEmpty() ? engine.rowCounts(target) : Map.of());
    }

    /**
     * True when {@code actual} holds what the manifest {@code recorded}: the same counts when the engine's
     * counts describe exactly the dumped data ({@link SnapshotRowCounts}), else the same tables.
     */
    static boolean matches(DatabaseEngine engine, Map<String, Long> recorded, Map<String, Long> actual) {
        return exact(engine) ? actual.equals(recorded) : actual.keySet().equals(recorded.keySet());
    }

    private static boolean exact(DatabaseEngine engine) {
        return engine.capability(SnapshotRowCounts.class).isPresent();
    }

    /** Each table that differs, as {@code table <restored> vs <recorded>} (only missing or extra tables when counts are not exact). */
    static String differences(DatabaseEngine engine, Map<String, Long> recorded, Map<String, Long> actual) {
        if (!exact(engine)) {
            Set<String> tables = new TreeSet<>(recorded.keySet());
            tables.addAll(actual.keySet());
            return String.join(", ", tables.stream().filter(table -> recorded.containsKey(table) != actual.containsKey(table))
                    .map(table -> table + (actual.containsKey(table) ? " not in the backup" : " missing")).toList());
        }
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
