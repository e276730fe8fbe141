package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectKey;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `list` and `status` first fail backups a dead process left running, and leave live ones alone. */
class AbandonedBackupCliTest {

    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    private static BackupRecord startedAgo(Catalog catalog, Duration ago) {
        BackupId id = BackupId.next(Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC));
        BackupRecord started = BackupRecord.started(id, "app", "sqlite", new ObjectKey("app/" + id.value()),
                new ObjectKey("app/" + id.value() + ".json"), "cron");
        catalog.insert(started);
        return started;
    }

    @Test
    void list_shows_a_backup_whose_process_died_as_failed_and_a_live_one_as_running() throws Exception {
        TestWorld world = new TestWorld(dir);
        String config = world.writeConfigFile(false).toString();
        BackupRecord ghost;
        BackupRecord live;
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            ghost = startedAgo(catalog, Duration.ofHours(1));
            live = startedAgo(catalog, Duration.ofSeconds(5));
        }

        JsonNode rows = new ObjectMapper().readTree(run("--config", config, "list", "app", "--json"));

        assertEquals(live.id(), rows.get(0).get("id").asText());
        assertEquals("running", rows.get(0).get("status").asText());
        assertEquals(ghost.id(), rows.get(1).get("id").asText());
        assertEquals("failed", rows.get(1).get("status").asText());
        assertTrue(rows.get(1).get("error").asText().startsWith("interrupted: no heartbeat since "), rows.toString());
    }

    @Test
    void status_fails_a_backup_whose_process_died_before_it_reports() throws Exception {
        TestWorld world = new TestWorld(dir);
        String config = world.writeConfigFile(false).toString();
        BackupRecord ghost;
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            ghost = startedAgo(catalog, Catalog.ABANDONED_AFTER.plusMinutes(1));
        }

        run("--config", config, "status");

        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            assertEquals(BackupStatus.FAILED, catalog.find("app", ghost.id()).orElseThrow().status());
            assertEquals("backstop", catalog.auditLog(1).get(0).actor());
        }
    }
}
