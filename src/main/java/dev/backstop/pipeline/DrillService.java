package dev.backstop.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.CheckResult;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Restore drills: restore a backup into a scratch target (never the source), run the engine's
 * integrity checks, compare row counts with the manifest (a copy without tables, or a backup whose
 * dump is empty, fails), check required tables, queries and (for a drill of the latest backup)
 * freshness, score the time against the RTO, store the evidence and the record, and remove the
 * scratch target whatever happened.
 */
public final class DrillService {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BackstopConfig config;
    private final EngineResolver engines;
    private final RestoreService restores;
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Catalog catalog;
    private final BackupsInUse inUse;
    private final Clock clock;

    public DrillService(BackstopConfig config, EngineResolver engines, RestoreService restores, ObjectStore store,
                        ObjectLayout layout, Catalog catalog, BackupsInUse inUse, Clock clock) {
        this.config = config;
        this.engines = engines;
        this.restores = restores;
        this.store = store;
        this.layout = layout;
        this.catalog = catalog;
        this.inUse = inUse;
        this.clock = clock;
    }

    /** What a drill found. */
    public record DrillReport(DrillRecord record, BackupRecord backup, List<CheckResult> checks) {
        public boolean passed() {
            return record.passed();
        }

        /** The summary scripts read: passed, checks, duration_ms, rto_ms, backup_id and where the evidence is. */
        public Map<String, Object> summary() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("drill_id", record.id());
            fields.put("database", record.database());
            fields.put("passed", record.passed());
            fields.put("backup_id", backup.id());
            fields.put("duration_ms", record.durationMs());
            fields.put("rto_ms", record.rtoMs());
            fields.put("checks", checkMaps(checks));
            fields.put("evidence_key", record.evidenceKey());
            return fields;
        }
    }

    /** Runs a drill of {@code idOrLatest} of {@code database}; a failed drill is a report, not an exception. */
    public DrillReport drill(String database, String idOrLatest, String actor, Progress progress) {
        DatabaseConfig settings = Databases.require(config, database);
        DrillConfig drill = settings.drill().orElse(new DrillConfig("", Duration.ofMinutes(30), List.of(), List.of(), ""));
        DatabaseEngine engine = engines.engineFor(settings);
        DrillSupport drills = engine.capability(DrillSupport.class).orElseThrow(() -> new BackstopException(
                "the " + engine.name() + " engine of " + database + " cannot run drills; remove databases." + database
                        + ".drill, and check its backups with `backstop verify " + database + " latest`"));
        BackupRecord backup = restores.resolve(database, idOrLatest);
        BackupId drillId = BackupId.next(clock);
        String label = drillId.value().toLowerCase(Locale.ROOT).replace('-', '_');
        String scratch = drill.target().isBlank() ? drills.scratchTarget(label) : drills.scratchTarget(label, drill.target());
        List<CheckResult> checks = new ArrayList<>();
        long start = System.nanoTime();
        long durationMs;
        try (AutoCloseable held = inUse.hold(database, backup.id())) {
            runChecks(settings, drill, engine, drills, backup, "latest".equals(idOrLatest), scratch, progress, checks);
        } catch (Exception unexpected) {
            checks.add(new CheckResult("drill", false, Failures.describe(unexpected), 0));
        } finally {
            durationMs = (System.nanoTime() - start) / 1_000_000;
            checks.add(new CheckResult("rto", durationMs <= drill.rto().toMillis(),
                    "took " + Durations.format(Duration.ofMillis(durationMs)) + " against an RTO of "
                            + Durations.format(drill.rto()), 0));
            cleanUp(engine, drills, scratch, checks);
        }
        boolean passed = checks.stream().allMatch(CheckResult::passed);
        ObjectKey evidenceKey = layout.drillEvidenceKey(database, drillId.value());
        DrillRecord record = new DrillRecord(drillId.value(), database, backup.id(), drillId.createdAt(),
                durationMs, drill.rto().toMillis(), passed, checksJson(checks), evidenceKey.path(), actor);
        storeEvidence(record, backup, checks, evidenceKey);
        catalog.insertDrill(record);
        catalog.audit(new AuditEntry(clock.instant(), actor, "drill", database, backup.id(), scratch,
                passed ? "passed" : "failed", failedNames(checks)));
        return new DrillReport(record, backup, List.copyOf(checks));
    }

    private void runChecks(DatabaseConfig settings, DrillConfig drill, DatabaseEngine engine, DrillSupport drills,
                           BackupRecord backup, boolean latest, String scratch, Progress progress,
                           List<CheckResult> checks) {
        Map<String, Long> recorded = restores.manifest(backup).tableRowCounts();
        if (backup.rawSizeBytes() == 0) {
            checks.add(new CheckResult("restore", false, "backup " + backup.id() + " holds an empty dump, so it"
                    + " restores nothing; take a new backup and drill that", 0));
            return;
        }
        if (!timed(checks, "restore", () -> {
            restores.restoreScratch(backup, scratch, progress);
            return pass("sha256 " + backup.sha256().substring(0, 12) + " verified, restored to scratch " + engine.describe(scratch));
        })) {
            return;
        }
        timed(checks, "integrity", () -> {
            List<String> problems = drills.integrityProblems(scratch);
            return problems.isEmpty() ? pass("engine integrity checks passed")
                    : fail(problems.size() + " problem(s): " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        });
        Map<String, Long> actual = new LinkedHashMap<>();
        timed(checks, "row_counts", () -> {
            actual.putAll(engine.rowCounts(scratch));
            if (actual.isEmpty()) {
                return fail("the restored copy has no tables, so the backup restores nothing; take a new backup");
            }
            return RestoredCheck.matches(engine, recorded, actual) ? pass(actual.size() + " tables match the manifest")
                    : fail("differ from the manifest: " + RestoredCheck.differences(engine, recorded, actual));
        });
        for (String table : drill.requiredTables()) {
            timed(checks, "required_table " + table, () -> {
                Long rows = actual.containsKey(table) ? actual.get(table) : actual.get(engine.tableKey(table));
                return rows == null ? fail("table is missing") : rows > 0 ? pass(rows + " rows") : fail("table is empty");
            });
        }
        for (String query : drill.queries()) {
            timed(checks, "query " + query, () -> {
                Optional<String> value = drills.firstValue(scratch, query);
                boolean useful = value.isPresent() && !value.get().isBlank() && !value.get().matches("0+(\\.0+)?|false");
                return useful ? pass("returned " + value.get()) : fail("returned " + value.orElse("no rows"));
            });
        }
        if (!latest) {
            return;
        }
        timed(checks, "freshness", () -> {
            Duration age = Duration.between(backup.createdAt(), clock.instant());
            String detail = "backup is " + Durations.format(age) + " old, limit " + Durations.format(settings.freshness());
            return age.compareTo(settings.freshness()) <= 0 ? pass(detail) : fail(detail);
        });
    }

    private record Verdict(boolean passed, String detail) {
    }

    private static Verdict pass(String detail) {
        return new Verdict(true, detail);
    }

    private static Verdict fail(String detail) {
        return new Verdict(false, detail);
    }

    @FunctionalInterface
    private interface Check {
        Verdict run() throws IOException;
    }

    private static boolean timed(List<CheckResult> checks, String name, Check check) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = check.run();
        } catch (IOException | RuntimeException failure) {
            verdict = fail(Failures.describe(failure));
        }
        checks.add(new CheckResult(name, verdict.passed(), verdict.detail(), (System.nanoTime() - start) / 1_000_000));
        return verdict.passed();
    }

    private static void cleanUp(DatabaseEngine engine, DrillSupport drills, String scratch, List<CheckResult> checks) {
        try {
            drills.dropScratch(scratch);
        } catch (IOException | RuntimeException failure) {
            checks.add(new CheckResult("cleanup", false, "scratch target " + engine.describe(scratch)
                    + " was not removed: " + Failures.describe(failure), 0));
        }
    }

    private static String failedNames(List<CheckResult> checks) {
        List<String> failed = checks.stream().filter(check -> !check.passed()).map(CheckResult::name).toList();
        return failed.isEmpty() ? "all checks passed" : "failed: " + String.join(", ", failed);
    }

    private static List<Map<String, Object>> checkMaps(List<CheckResult> checks) {
        return checks.stream().map(check -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", check.name());
            fields.put("passed", check.passed());
            fields.put("detail", check.detail());
            fields.put("duration_ms", check.durationMs());
            return fields;
        }).toList();
    }

    private static String checksJson(List<CheckResult> checks) {
        try {
            return JSON.writeValueAsString(checkMaps(checks));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void storeEvidence(DrillRecord record, BackupRecord backup, List<CheckResult> checks, ObjectKey key) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("drill_id", record.id());
        evidence.put("database", record.database());
        evidence.put("passed", record.passed());
        evidence.put("started_at", record.startedAt().toString());
        evidence.put("finished_at", Instant.now(clock).toString());
        evidence.put("duration_ms", record.durationMs());
        evidence.put("rto_ms", record.rtoMs());
        evidence.put("backup_id", backup.id());
        evidence.put("backup_sha256", backup.sha256());
        evidence.put("dump_sha256", backup.rawSha256());
        evidence.put("checks", checkMaps(checks));
        evidence.put("triggered_by", record.actor());
        evidence.put("tool_version", ToolVersion.current());
        try (Upload upload = store.create(key)) {
            upload.stream().write(JSON.writeValueAsBytes(evidence));
            upload.commit();
        } catch (IOException failed) {
            throw new dev.backstop.core.BackstopException("drill " + record.id() + " ran but its evidence could not be"
                    + " stored in " + store.describe() + ": " + Failures.describe(failed) + "; check the storage and rerun");
        }
    }
}
