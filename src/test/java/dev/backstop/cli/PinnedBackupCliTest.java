package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.pipeline.Manifest;
import dev.backstop.pipeline.ManifestCodec;
import dev.backstop.wiring.Wiring;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `backup --label L --keep D | --pin` holds a backup past keep_last; `unpin` ends the hold; both are audited. */
class PinnedBackupCliTest {

    @TempDir
    Path dir;

    TestWorld world;

    record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = dir.resolve("backstop.yml").toString();
        all[2] = "--as";
        all[3] = "cli:alice";
        System.arraycopy(args, 0, all, 4, args.length);
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(status, out.toString(), err.toString());
    }

    @BeforeEach
    void keepingOne() throws Exception {
        world = new TestWorld(dir, false);
        world.createDatabase(100);
        Path config = world.writeConfigFile(false);
        Files.writeString(config, Files.readString(config) + "    retention: { keep_last: 1 }\n");
    }

    private Map<String, JsonNode> listed() throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(run("list", "app", "--json", "--all").out())) {
            byId.put(row.get("id").asText(), row);
        }
        return byId;
    }

    private List<AuditEntry> audit(String action) {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            return catalog.auditLog(1000).stream().filter(entry -> entry.action().equals(action)).toList();
        }
    }

    @Test
    void kept_and_pinned_backups_outlive_keep_last_while_a_plain_one_is_pruned() throws Exception {
        Result kept = run("backup", "app", "--label", "pre-deploy-1.4.0", "--keep", "30d");
        assertEquals(0, kept.status(), kept.err());
        assertTrue(kept.err().contains("label pre-deploy-1.4.0, kept until "), kept.err());
        String pinned = run("backup", "app", "--label", "golden", "--pin").out().trim();
        String plain = run("backup", "app").out().trim();
        String newest = run("backup", "app").out().trim();

        Map<String, JsonNode> rows = listed();
        JsonNode keptRow = rows.get(kept.out().trim());
        assertEquals("succeeded", keptRow.get("status").asText());
        Instant until = Instant.parse(keptRow.get("keep_until").asText());
        Instant created = Instant.parse(keptRow.get("created_at").asText());
        assertEquals(Duration.ofDays(30), Duration.between(created, until));
        assertEquals("succeeded", rows.get(pinned).get("status").asText());
        assertTrue(rows.get(pinned).get("pinned").asBoolean());
        assertEquals("pruned", rows.get(plain).get("status").asText(), "keep_last 1 prunes the plain older one");
        assertEquals("succeeded", rows.get(newest).get("status").asText());

        List<AuditEntry> pins = audit("pin");
        assertEquals(2, pins.size(), pins.toString());
        assertEquals("cli:alice", pins.get(0).actor());
        assertTrue(pins.get(0).detail().startsWith("kept until "), pins.get(0).detail());
        assertEquals("pinned", pins.get(1).detail());
    }

    @Test
    void unpin_hands_a_pinned_backup_back_to_retention_and_is_audited() throws Exception {
        String pinned = run("backup", "app", "--label", "golden", "--pin").out().trim();
        run("backup", "app");
        assertEquals("succeeded", listed().get(pinned).get("status").asText());

        Result unpin = run("unpin", "app", pinned);
        assertEquals(0, unpin.status(), unpin.err());
        assertTrue(unpin.out().startsWith("unpinned " + pinned + " of app (was pinned)"), unpin.out());
        Result prune = run("prune", "app");
        assertEquals(0, prune.status(), prune.err());

        assertEquals("pruned", listed().get(pinned).get("status").asText());
        List<AuditEntry> unpins = audit("unpin");
        assertEquals(1, unpins.size());
        assertEquals("cli:alice", unpins.get(0).actor());
        assertEquals(pinned, unpins.get(0).backupId());
        Result again = run("unpin", "app", pinned);
        assertEquals(1, again.status());
        assertEquals("backstop: backup " + pinned + " of app is not pinned or kept; there is nothing to unpin",
                again.err().trim());
    }

    @Test
    void keep_and_pin_exclude_each_other_and_keep_needs_a_duration() throws Exception {
        Result both = run("backup", "app", "--keep", "30d", "--pin");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        assertEquals(1, both.err().trim().lines().count(), both.err());
        Result missing = run("backup", "app", "--keep");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("--keep"), missing.err());
        Result wrong = run("backup", "app", "--keep", "soon");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().startsWith("backstop: --keep 'soon' is not a duration"), wrong.err());
        assertEquals(1, wrong.err().trim().lines().count(), wrong.err());
        assertTrue(listed().isEmpty(), "no backup was taken");
    }

    @Test
    void restore_by_label_restores_the_labelled_backup_and_its_manifest_names_the_label() throws Exception {
        String labelled = run("backup", "app", "--label", "before-import", "--pin").out().trim();
        Map<String, Long> before = TestWorld.rowCounts(world.database);
        try (Connection connection = TestWorld.open(world.database)) {
            TestWorld.insertOrders(connection, 50);
        }
        run("backup", "app");
        Path copy = dir.resolve("copy.db");

        Result restore = run("restore", "app", "label:before-import", "--to", copy.toString());

        assertEquals(0, restore.status(), restore.err());
        assertEquals(before, TestWorld.rowCounts(copy));
        String manifestKey = listed().get(labelled).get("object_key").asText().replaceAll("\\.zst\\.age$", ".manifest.json");
        Manifest manifest;
        try (InputStream in = Files.newInputStream(dir.resolve("backups").resolve(manifestKey))) {
            manifest = ManifestCodec.decode(in);
        }
        assertEquals("before-import", manifest.label());
    }

    @Test
    void status_shows_the_label_of_the_last_backup() {
        String id = run("backup", "app", "--label", "nightly-x").out().trim();
        Result status = run("status");
        assertTrue(status.out().contains(id + " (nightly-x)"), status.out());
    }

    @Test
    void a_manifest_written_before_labels_reads_with_an_empty_label() throws Exception {
        String old = """
                {"manifest_version": 1, "id": "20261101T000000000Z-0001", "database": "app", "engine": "sqlite",
                 "created_at": "2026-11-01T00:00:00Z", "object_size_bytes": 10, "object_sha256": "ab",
                 "table_row_counts": {"orders": 3}, "tool_version": "0.1.0"}""";
        Manifest manifest = ManifestCodec.decode(new java.io.ByteArrayInputStream(old.getBytes()));
        assertEquals("", manifest.label());
        assertEquals(3L, manifest.tableRowCounts().get("orders"));
        assertFalse(manifest.id().isEmpty());
    }
}
