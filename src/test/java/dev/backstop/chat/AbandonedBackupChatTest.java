package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectKey;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `/backups` in the chat shows a backup whose process died as failed, not as a job still running. */
class AbandonedBackupChatTest {

    @TempDir
    Path dir;

    @Test
    void backups_lists_an_abandoned_backup_as_failed() throws Exception {
        TestWorld world = new TestWorld(dir);
        try (Services services = world.services()) {
            Instant longAgo = Instant.now().minus(Catalog.ABANDONED_AFTER.multipliedBy(2));
            BackupId id = BackupId.next(Clock.fixed(longAgo, ZoneOffset.UTC));
            services.catalog().insert(BackupRecord.started(id, "app", "sqlite", new ObjectKey("app/x"),
                    new ObjectKey("app/x.json"), "cron"));

            Reply reply = (Reply) new ChatCommands(services).handle(new ChatRequest("/backups", "app", "U1", "C1"));

            assertTrue(reply.detail().contains(id.value() + " ") && reply.detail().contains(" failed "), reply.detail());
            assertEquals(BackupStatus.FAILED, services.catalog().find("app", id.value()).orElseThrow().status());
        }
    }
}
