package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.CheckResult;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.DrillService.DrillReport;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills against real SQLite files: each check can fail on its own, and the source is never touched. */
class DrillTest {

    @TempDir
    Path dir;

    private static final DrillConfig GOOD = new DrillConfig("", Duration.ofMinutes(5), List.of("orders", "customers"),
            List.of("SELECT count(*) FROM orders WHERE created_at > datetime('now', '-30 day')"), "");

    private TestWorld world;

    private Services services(DrillConfig drill) throws Exception {
        world = new TestWorld(dir);
        world.createDatabase(500);
        DatabaseConfig app = world.config.database("app").orElseThrow();
        DatabaseConfig withDrill = new DatabaseConfig(app.name(), app.settings(),
                app.production(), app.schedule(), app.freshness(), app.retention(), app.keepPreRestore(),
                Optional.of(drill), app.alertsChannel());
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), world.config.httpPort(), Map.of("app", withDrill));
        return Wiring.services(config, Clock.systemUTC());
    }

    private DrillReport drill(Services services) {
        return services.drills().drill("app", "latest", "tester", Progress.NONE);
    }

    private static CheckResult check(DrillReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.checks()));
    }

    private void assertScratchRemoved() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().startsWith("drill-")).toList());
        }
    }

    @Test
    void a_good_backup_passes_every_check_and_leaves_evidence_and_a_record() throws Exception {
        try (Services services = services(GOOD)) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            byte[] source = Files.readAllBytes(world.database);
            DrillReport report = drill(services);
            assertTrue(report.passed(), report.checks().toString());
            assertEquals(List.of("restore", "integrity", "row_counts", "required_table orders", "required_table customers",
                    "query SELECT count(*) FROM orders WHERE created_at > datetime('now', '-30 day')", "freshness", "rto"),
                    report.checks().stream().map(CheckResult::name).toList());
            assertEquals("returned 500", check(report, "query " + GOOD.queries().get(0)).detail());
            assertArrayEquals(source, Files.readAllBytes(world.database), "the source is byte-identical");
            assertScratchRemoved();
            Path evidence = dir.resolve("backups").resolve(report.record().evidenceKey());
            assertEquals("app/drills/" + report.record().id() + ".json", report.record().evidenceKey());
            JsonNode json = new ObjectMapper().readTree(evidence.toFile());
            assertTrue(json.get("passed").asBoolean());
            assertEquals(backup.id(), json.get("backup_id").asText());
            assertEquals(backup.sha256(), json.get("backup_sha256").asText());
            assertEquals("tester", json.get("triggered_by").asText());
            assertEquals(8, json.get("checks").size());
            assertTrue(services.catalog().lastDrill("app", true).isPresent());
        }
    }

    @Test
    void a_missing_required_table_fails_the_drill() throws Exception {
        try (Services services = services(new DrillConfig("", Duration.ofMinutes(5), List.of("invoices"), List.of(), ""))) {
            services.backups().backup("app", "tester", Progress.NONE);
            DrillReport report = drill(services);
            assertFalse(report.passed());
            assertEquals("table is missing", check(report, "required_table invoices").detail());
            assertTrue(services.catalog().lastDrill("app", true).isEmpty());
            assertScratchRemoved();
        }
    }

    @Test
    void a_foreign_key_violation_planted_in_the_backup_fails_integrity() throws Exception {
        try (Services services = services(GOOD)) {
            try (var connection = TestWorld.open(world.database); var statement = connection.createStatement()) {
                statement.execute("INSERT INTO orders (customer_id, note) VALUES (999, 'orphan')");
            }
            services.backups().backup("app", "tester", Progress.NONE);
            CheckResult integrity = check(drill(services), "integrity");
            assertFalse(integrity.passed());
            assertTrue(integrity.detail().contains("foreign key violation: orders"), integrity.detail());
        }
    }

    @Test
    void row_counts_that_differ_from_the_manifest_fail_the_drill() throws Exception {
        try (Services services = services(GOOD)) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            Path manifest = dir.resolve("backups").resolve(backup.manifestKey());
            Files.writeString(manifest, Files.readString(manifest).replace("\"orders\" : 500", "\"orders\" : 501"));
            CheckResult counts = check(drill(services), "row_counts");
            assertFalse(counts.passed());
            assertEquals("differ from the manifest: orders 500 vs 501", counts.detail());
        }
    }

    @Test
    void a_bad_query_and_a_query_returning_zero_fail_the_drill() throws Exception {
        DrillConfig queries = new DrillConfig("", Duration.ofMinutes(5), List.of(),
                List.of("SELECT nope FROM orders", "SELECT count(*) FROM orders WHERE id < 0"), "");
        try (Services services = services(queries)) {
            services.backups().backup("app", "tester", Progress.NONE);
            DrillReport report = drill(services);
            assertTrue(check(report, "query SELECT nope FROM orders").detail().contains("no such column"));
            assertEquals("returned 0", check(report, "query SELECT count(*) FROM orders WHERE id < 0").detail());
            assertFalse(report.passed());
        }
    }

    @Test
    void a_blown_rto_fails_the_drill() throws Exception {
        try (Services services = services(new DrillConfig("", Duration.ofMillis(1), List.of(), List.of(), ""))) {
            services.backups().backup("app", "tester", Progress.NONE);
            DrillReport report = drill(services);
            assertFalse(check(report, "rto").passed());
            assertTrue(check(report, "rto").detail().endsWith("against an RTO of 1ms"));
            assertTrue(check(report, "integrity").passed());
        }
    }

    @Test
    void a_corrupted_object_fails_at_restore_and_the_scratch_is_removed() throws Exception {
        try (Services services = services(GOOD)) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            try (RandomAccessFile file = new RandomAccessFile(dir.resolve("backups").resolve(backup.objectKey()).toFile(), "rw")) {
                file.seek(200);
                int value = file.read();
                file.seek(200);
                file.write(value ^ 0xff);
            }
            DrillReport report = drill(services);
            assertFalse(report.passed());
            assertTrue(check(report, "restore").detail().contains("damaged"), check(report, "restore").detail());
            assertEquals(List.of("restore", "rto"), report.checks().stream().map(CheckResult::name).toList());
            assertScratchRemoved();
            assertEquals("failed", services.catalog().auditLog(1).get(0).outcome());
        }
    }

    @Test
    void a_drill_target_folder_holds_the_scratch_copy_and_is_left_empty() throws Exception {
        Path scratchFolder = dir.resolve("scratch");
        Files.createDirectories(scratchFolder);
        try (Services services = services(new DrillConfig("", Duration.ofMinutes(5), List.of("orders"), List.of(),
                scratchFolder.toString()))) {
            services.backups().backup("app", "tester", Progress.NONE);
            DrillReport report = drill(services);
            assertTrue(report.passed(), report.checks().toString());
            assertTrue(check(report, "restore").detail().contains(scratchFolder.toString()), check(report, "restore").detail());
            try (Stream<Path> files = Files.list(scratchFolder)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }
}
