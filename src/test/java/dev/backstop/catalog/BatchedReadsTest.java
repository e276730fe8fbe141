package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reads for many databases at once ({@code listEach}, {@code latestSucceededEach}, {@code lastDrillEach},
 * {@code drillsEach}) answer what the one-database reads answer for each, over a couple of hundred databases.
 */
class BatchedReadsTest {

    /** Enough databases that a batch would have to be split, had it a size. */
    private static final int DATABASES = 230;

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void each_database_gets_what_its_own_read_answers(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            List<String> names = new ArrayList<>();
            for (int index = 0; index < DATABASES; index++) {
                String name = String.format("db%03d", index);
                names.add(name);
                // index % 5 backups: some succeeded, some failed, the newest of every fourth one running.
                for (int backup = 0; backup < index % 5; backup++) {
                    BackupRecord started = BackupRecord.started(nextId(), name, "sqlite", new ObjectKey(name + "/o"),
                            new ObjectKey(name + "/m"), "cron");
                    catalog.insert(started);
                    if (backup == 3 && index % 4 == 0) {
                        continue;
                    }
                    catalog.update(backup % 2 == 0 ? started.succeeded(now, 10 + backup, "ab", 20, "cd")
                            : started.failed(now, "the disk is full"));
                }
                for (int drill = 0; drill < index % 3; drill++) {
                    catalog.insertDrill(new DrillRecord(nextId().value(), name, "b", now, 10, 1000, drill == 0, "[]",
                            name + "/evidence", "scheduler"));
                }
            }
            names.add("not-configured-anywhere");

            Map<String, List<BackupRecord>> lists = new LinkedHashMap<>();
            Map<String, BackupRecord> latest = new LinkedHashMap<>();
            Map<String, DrillRecord> drills = new LinkedHashMap<>();
            Map<String, DrillRecord> passed = new LinkedHashMap<>();
            Map<String, List<DrillRecord>> drillLists = new LinkedHashMap<>();
            for (String name : names) {
                lists.put(name, catalog.list(name, 3));
                catalog.latestSucceeded(name).ifPresent(backup -> latest.put(name, backup));
                catalog.lastDrill(name, false).ifPresent(drill -> drills.put(name, drill));
                catalog.lastDrill(name, true).ifPresent(drill -> passed.put(name, drill));
                drillLists.put(name, catalog.drills(name, 1));
            }

            assertEquals(lists, catalog.listEach(names, 3));
            assertEquals(List.copyOf(names), List.copyOf(catalog.listEach(names, 3).keySet()), "in the order asked");
            assertEquals(latest, catalog.latestSucceededEach(names));
            assertEquals(drills, catalog.lastDrillEach(names, false));
            assertEquals(passed, catalog.lastDrillEach(names, true));
            assertEquals(drillLists, catalog.drillsEach(names, 1));
            assertEquals(2, catalog.drillsEach(names, 5).get("db005").size());
            assertEquals(List.of(), catalog.listEach(names, 3).get("not-configured-anywhere"));
            assertEquals(3, catalog.listEach(names, 3).get("db004").size(), "the limit holds per database");
            assertEquals(Map.of(), catalog.listEach(List.of(), 3));
        }
    }

    private BackupId nextId() {
        now = now.plusSeconds(1);
        return BackupId.next(Clock.fixed(now, ZoneOffset.UTC));
    }
}
