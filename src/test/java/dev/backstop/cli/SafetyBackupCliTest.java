package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A production restore from the CLI over the live database takes a pre-restore safety backup first and names it. */
class SafetyBackupCliTest {

    private static final Pattern SAFETY = Pattern.compile("; pre-restore backup (\\S+)$");

    @TempDir
    Path dir;

    private TestWorld world;

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void createWorld() throws Exception {
        world = new TestWorld(dir, true);
        world.createDatabase(100);
        world.writeConfigFile(true);
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = dir.resolve("backstop.yml").toString();
        all[2] = "--as";
        all[3] = "ops";
        System.arraycopy(args, 0, all, 4, args.length);
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(status, out.toString(), err.toString());
    }

    /** Backs up, then adds orders the backup does not hold: only a safety backup can bring them back. */
    private String backupThenChange() throws Exception {
        Result backup = run("backup", "app");
        assertEquals(0, backup.status(), backup.err());
        try (Connection connection = TestWorld.open(world.database)) {
            TestWorld.insertOrders(connection, 25);
        }
        return backup.out().trim();
    }

    private String restoreAndSafetyId(String backupId, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "restore";
        args[1] = "app";
        args[2] = backupId;
        args[3] = "--approved-by=U1,U2";
        System.arraycopy(more, 0, args, 4, more.length);
        Result restore = run(args);
        assertEquals(0, restore.status(), restore.err());
        Matcher safety = SAFETY.matcher(restore.out().trim());
        assertTrue(safety.find(), restore.out());
        return safety.group(1);
    }

    private void assertSafetyBackupHoldsTheChange(String safetyId) throws Exception {
        assertEquals(100L, TestWorld.rowCounts(world.database).get("orders"), "the backup was restored");
        Path undone = dir.resolve("undone.db");
        Result undo = run("restore", "app", safetyId, "--approved-by", "U1,U2", "--to", undone.toString());
        assertEquals(0, undo.status(), undo.err());
        assertEquals(125L, TestWorld.rowCounts(undone).get("orders"), "the safety backup holds what was replaced");
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            assertEquals("pre-restore", catalog.find("app", safetyId).orElseThrow().label());
            List<AuditEntry> taken = catalog.auditLog(100).stream()
                    .filter(entry -> entry.action().equals("restore.safety-backup")).toList();
            assertEquals(1, taken.size(), "the restore into a copy took none");
            assertEquals(safetyId, taken.get(0).backupId());
            assertEquals("ops", taken.get(0).actor());
            assertTrue(taken.get(0).detail().contains(safetyId), taken.get(0).detail());
        }
    }

    @Test
    void a_production_restore_over_the_live_database_takes_a_pre_restore_backup_and_prints_its_id() throws Exception {
        String backupId = backupThenChange();

        String safetyId = restoreAndSafetyId(backupId);

        assertSafetyBackupHoldsTheChange(safetyId);
    }

    @Test
    void a_production_restore_to_the_live_path_spelled_out_takes_one_too() throws Exception {
        String backupId = backupThenChange();
        Files.createDirectories(dir.resolve("sub"));
        String spelledOut = dir.resolve("sub").resolve("..").resolve(".").resolve("app.db").toString();

        String safetyId = restoreAndSafetyId(backupId, "--to", spelledOut);

        assertSafetyBackupHoldsTheChange(safetyId);
    }

    @Test
    void a_production_restore_into_a_copy_takes_no_safety_backup() throws Exception {
        String backupId = backupThenChange();

        Result restore = run("restore", "app", backupId, "--approved-by", "U1,U2", "--to",
                dir.resolve("copy.db").toString());

        assertEquals(0, restore.status(), restore.err());
        assertTrue(!restore.out().contains("pre-restore"), restore.out());
        JsonNode rows = new ObjectMapper().readTree(run("list", "app", "--json").out());
        assertEquals(1, rows.size());
    }

    @Test
    void a_failed_safety_backup_stops_the_restore_and_a_live_database_moved_aside_needs_none() throws Exception {
        String backupId = backupThenChange();
        Path aside = dir.resolve("app.db.aside");
        Files.move(world.database, aside);
        Files.createDirectories(world.database.resolve("in-the-way"));

        Result refused = run("restore", "app", backupId, "--approved-by", "U1,U2");

        assertEquals(1, refused.status(), refused.out());
        assertTrue(refused.err().contains("the pre-restore backup of app failed, so nothing was restored"),
                refused.err());
        assertEquals(1, refused.err().trim().lines().count(), refused.err());
        assertTrue(Files.isDirectory(world.database.resolve("in-the-way")), "the target was not touched");
        Files.delete(world.database.resolve("in-the-way"));
        Files.delete(world.database);

        Result restored = run("restore", "app", backupId, "--approved-by", "U1,U2");

        assertEquals(0, restored.status(), restored.err());
        assertTrue(!restored.out().contains("pre-restore"), restored.out());
        assertEquals(100L, TestWorld.rowCounts(world.database).get("orders"));
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            List<AuditEntry> taken = catalog.auditLog(100).stream()
                    .filter(entry -> entry.action().equals("restore.safety-backup")).toList();
            assertEquals(1, taken.size());
            assertEquals("failed", taken.get(0).outcome());
        }
    }

    @Test
    void list_shows_the_label_and_backup_takes_one() throws Exception {
        String safetyId = restoreAndSafetyId(backupThenChange());
        Result labelled = run("backup", "app", "--label", "before-migration");
        assertEquals(0, labelled.status(), labelled.err());
        Result refused = run("backup", "app", "--label", "no spaces");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("label no spaces is not allowed"), refused.err());

        JsonNode rows = new ObjectMapper().readTree(run("list", "app", "--json").out());
        String table = run("list", "app").out();

        assertEquals("before-migration", rows.get(0).get("label").asText());
        assertEquals(safetyId, rows.get(1).get("id").asText());
        assertEquals("pre-restore", rows.get(1).get("label").asText());
        assertEquals("", rows.get(2).get("label").asText());
        assertTrue(table.contains("LABEL"), table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith(safetyId) && line.contains(" pre-restore ")), table);
        Path undone = dir.resolve("undone.db");
        Result undo = run("restore", "app", "label:pre-restore", "--approved-by", "U1,U2", "--to", undone.toString());
        assertEquals(0, undo.status(), undo.err());
        assertTrue(undo.out().startsWith("restored app backup " + safetyId + " to "), undo.out());
        assertEquals(125L, TestWorld.rowCounts(undone).get("orders"));
        Result unknown = run("restore", "app", "label:nothing", "--approved-by", "U1,U2", "--to", undone.toString());
        assertEquals("backstop: database app has no succeeded backup labelled nothing; run `backstop list app` to see"
                + " the labels", unknown.err().trim());
    }
}
