package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An approved chat restore whose --to is the live database spelled out takes a safety backup and names it. */
class SafetyBackupChatTest {

    @TempDir
    Path root;

    @Test
    void an_approved_restore_to_the_live_path_names_its_pre_restore_backup_in_the_thread_and_the_audit_log()
            throws Exception {
        TestWorld world = new TestWorld(root, true);
        world.createDatabase(50);
        Path config = world.writeConfigFile(true);
        String requestId;
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            String live = root.resolve(".").resolve("app.db").toString();
            requestId = services.approvals().request("app", "latest", live, "U9").id();
        }
        String typed = String.join("\n", "/as U1", "/approve " + requestId, "/as U2", "/approve " + requestId,
                "/backups app", "") + "\n";
        StringWriter out = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--config", config.toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, shown);
        try (Services services = world.services()) {
            BackupRecord safety = services.catalog().list("app", 1).get(0);
            assertEquals(BackupRecord.PRE_RESTORE, safety.label());
            assertTrue(shown.contains("; pre-restore backup `" + safety.id() + "` holds what was there before"), shown);
            assertTrue(shown.lines().anyMatch(line -> line.strip().startsWith(safety.id()) && line.contains(" pre-restore ")),
                    shown);
            List<AuditEntry> audit = services.catalog().auditLog(100);
            assertTrue(audit.stream().anyMatch(entry -> entry.action().equals("restore.request")
                    && entry.outcome().equals("executed") && entry.detail().endsWith("; pre-restore backup "
                    + safety.id())), audit.toString());
            assertTrue(audit.stream().anyMatch(entry -> entry.action().equals("restore.safety-backup")
                    && entry.backupId().equals(safety.id())), audit.toString());
        }
    }
}
