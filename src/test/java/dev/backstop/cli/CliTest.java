package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private TestWorld world(boolean production) throws Exception {
        TestWorld world = new TestWorld(dir, production);
        world.createDatabase(200);
        world.writeConfigFile(production);
        return world;
    }

    private String config() {
        return dir.resolve("backstop.yml").toString();
    }

    @Test
    void backup_prints_its_id_and_list_json_shows_it_newest_first() throws Exception {
        world(false);
        Result first = run("--config", config(), "backup", "app");
        Result second = run("--config", config(), "backup", "app");
        assertEquals(0, first.status(), first.err());
        String id = second.out().trim();
        assertTrue(id.matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}"), id);
        Result list = run("--config", config(), "list", "app", "--json");
        JsonNode rows = new ObjectMapper().readTree(list.out());
        assertEquals(2, rows.size());
        assertEquals(id, rows.get(0).get("id").asText());
        for (String field : new String[] {"id", "database", "created_at", "size_bytes", "sha256", "status"}) {
            assertTrue(rows.get(0).has(field), field);
        }
        assertEquals("succeeded", rows.get(0).get("status").asText());
        assertTrue(rows.get(0).get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        Result table = run("--config", config(), "list", "app");
        assertTrue(table.out().startsWith("ID "), table.out());
        assertTrue(table.out().contains(id));
    }

    @Test
    void restore_verify_and_status_work_from_the_command_line() throws Exception {
        world(false);
        run("--config", config(), "backup", "app");
        Result verify = run("--config", config(), "verify", "app", "latest");
        assertEquals(0, verify.status(), verify.err());
        assertTrue(verify.out().startsWith("ok "));
        Path copy = dir.resolve("copy.db");
        Result restore = run("--config", config(), "restore", "app", "latest", "--to", copy.toString());
        assertEquals(0, restore.status(), restore.err());
        assertEquals(TestWorld.rowCounts(dir.resolve("app.db")), TestWorld.rowCounts(copy));
        Result status = run("--config", config(), "status", "--json");
        JsonNode rows = new ObjectMapper().readTree(status.out());
        assertEquals("fresh", rows.get(0).get("state").asText());
        assertEquals("app", rows.get(0).get("database").asText());
    }

    @Test
    void errors_are_one_line_with_a_next_step_and_no_stack_trace() throws Exception {
        world(false);
        Result unknown = run("--config", config(), "backup", "nope");
        assertEquals(2, unknown.status(), "an unknown database is bad usage");
        assertEquals("backstop: unknown database 'nope'; configured databases: app\n", unknown.err());
        Result missingConfig = run("--config", dir.resolve("missing.yml").toString(), "status");
        assertEquals(1, missingConfig.status());
        assertEquals(1, missingConfig.err().lines().count(), missingConfig.err());
        Result usage = run("--config", config(), "restore", "app");
        assertEquals(2, usage.status());
        assertEquals(1, usage.err().lines().count(), usage.err());
        assertFalse(usage.err().contains("Exception"));
    }

    @Test
    void verbose_adds_the_stack_trace() throws Exception {
        world(false);
        Result verbose = run("--config", config(), "--verbose", "restore", "app", "nope");
        assertTrue(verbose.err().contains("BackstopException"), verbose.err());
    }

    @Test
    void a_production_restore_needs_two_distinct_approvers_other_than_the_operator() throws Exception {
        world(true);
        run("--config", config(), "backup", "app");
        byte[] before = Files.readAllBytes(dir.resolve("app.db"));
        Result none = run("--config", config(), "--as", "U1", "restore", "app", "latest");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("--approved-by U1,U2"), none.err());
        Result same = run("--config", config(), "--as", "U3", "restore", "app", "latest", "--approved-by", "U1,U1");
        assertEquals(1, same.status());
        Result self = run("--config", config(), "--as", "U1", "restore", "app", "latest", "--approved-by", "U1,U2");
        assertTrue(self.err().contains("cannot approve a restore they run"), self.err());
        Result stranger = run("--config", config(), "--as", "ops", "restore", "app", "latest", "--approved-by", "U1,U9");
        assertTrue(stranger.err().contains("U9 is not a configured approver"), stranger.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("app.db"))), "refusals touch nothing");
        Result approved = run("--config", config(), "--as", "ops", "restore", "app", "latest", "--approved-by", "U1,U2",
                "--to", dir.resolve("copy.db").toString());
        assertEquals(0, approved.status(), approved.err());
        Result audit = run("--config", config(), "status");
        assertEquals(0, audit.status());
        try (var catalog = dev.backstop.catalog.Catalog.open(dir.resolve("catalog.db"))) {
            var approvals = catalog.auditLog(50).stream().filter(entry -> entry.action().equals("restore.approve")).toList();
            assertEquals(5, approvals.size(), "four refusals and one approval");
            assertEquals(4, approvals.stream().filter(entry -> entry.outcome().equals("refused")).count());
            assertEquals("approved", approvals.get(4).outcome());
            assertEquals("ops", approvals.get(4).actor());
            assertTrue(approvals.get(4).detail().contains("U1,U2"));
        }
    }

    @Test
    void keygen_prints_an_identity_in_age_keygen_format() {
        Result keygen = run("keygen");
        assertEquals(0, keygen.status());
        assertTrue(keygen.out().lines().anyMatch(line -> line.startsWith("# public key: age1")));
        assertTrue(keygen.out().lines().anyMatch(line -> line.startsWith("AGE-SECRET-KEY-1")));
    }

    @Test
    void init_demo_makes_a_working_setup() throws Exception {
        String configFile = dir.resolve("backstop.yml").toString();
        assertEquals(0, run("--config", configFile, "init", "--demo").status());
        Result backup = run("--config", configFile, "backup", "app");
        assertEquals(0, backup.status(), backup.err());
        Result again = run("--config", configFile, "init", "--demo");
        assertEquals(1, again.status());
        assertTrue(again.err().contains("already exists"));
    }

    @Test
    void prune_dry_run_shows_the_plan_and_prune_deletes_objects_and_marks_rows() throws Exception {
        world(false);
        Path config = dir.resolve("backstop.yml");
        for (int index = 0; index < 3; index++) {
            assertEquals(0, run("--config", config(), "backup", "app").status());
        }
        Files.writeString(config, Files.readString(config) + "    retention: { keep_last: 1 }\n");
        Result dryRun = run("--config", config(), "prune", "app", "--dry-run");
        assertEquals(0, dryRun.status(), dryRun.err());
        assertTrue(dryRun.out().contains("1 kept, 2 would be pruned (dry run)"), dryRun.out());
        try (var files = Files.walk(dir.resolve("backups"))) {
            assertEquals(6, files.filter(Files::isRegularFile).count(), "a dry run deletes nothing");
        }
        Result prune = run("--config", config(), "prune", "app");
        assertTrue(prune.out().contains("2 pruned"), prune.out());
        try (var files = Files.walk(dir.resolve("backups"))) {
            assertEquals(2, files.filter(Files::isRegularFile).count(), "one object and its manifest remain");
        }
        JsonNode rows = new ObjectMapper().readTree(run("--config", config(), "list", "app", "--all", "--json").out());
        assertEquals(List.of("succeeded", "pruned", "pruned"),
                java.util.stream.StreamSupport.stream(rows.spliterator(), false).map(row -> row.get("status").asText()).toList());
        assertEquals(0, run("--config", config(), "restore", "app", "latest", "--to", dir.resolve("c.db").toString()).status());
    }

    @Test
    void retention_runs_after_each_successful_backup() throws Exception {
        world(false);
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, Files.readString(config) + "    retention: { keep_last: 2 }\n");
        for (int index = 0; index < 4; index++) {
            assertEquals(0, run("--config", config(), "backup", "app").status());
        }
        try (var files = Files.walk(dir.resolve("backups"))) {
            assertEquals(4, files.filter(Files::isRegularFile).count(), "two backups, each with a manifest");
        }
    }

    @Test
    void drill_prints_a_json_summary_and_status_shows_it() throws Exception {
        world(false);
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, Files.readString(config) + "    drill: { rto: 5m, required_tables: [orders] }\n");
        run("--config", config(), "backup", "app");
        Result drill = run("--config", config(), "drill", "app", "--json");
        assertEquals(0, drill.status(), drill.err());
        JsonNode summary = new ObjectMapper().readTree(drill.out());
        assertTrue(summary.get("passed").asBoolean());
        assertEquals(300_000, summary.get("rto_ms").asLong());
        for (String field : new String[] {"checks", "duration_ms", "backup_id"}) {
            assertTrue(summary.has(field), field);
        }
        JsonNode status = new ObjectMapper().readTree(run("--config", config(), "status", "--json").out());
        assertTrue(status.get(0).get("last_drill").get("passed").asBoolean());
        assertTrue(status.get(0).has("size_trend_percent"));
        assertTrue(status.get(0).get("open_alerts").isArray());
        Files.writeString(config, Files.readString(config).replace("required_tables: [orders]", "required_tables: [refunds]"));
        Result failed = run("--config", config(), "drill", "app", "latest");
        assertEquals(1, failed.status());
        assertTrue(failed.err().startsWith("backstop: drill of app failed: required_table refunds: table is missing"), failed.err());
        assertTrue(run("--config", config(), "status").out().contains("FAILED"));
    }
}
