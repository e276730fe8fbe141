package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
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

class TerminalChatTest {

    @TempDir
    Path root;

    @Test
    void serve_without_tokens_chats_on_stdin_and_stdout_until_input_ends() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(200);
        Path config = world.writeConfigFile(false);
        String typed = String.join("\n", "/backstop help", "/backup nope", "/backups app 0", "hello",
                "/as U9", "/backup app", "/drill app", "") + "\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), "--config", config.toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, err.toString());
        assertTrue(shown.startsWith("Backstop terminal chat as terminal:"), shown);
        assertTrue(shown.contains("`/backups DB [N] [--all]`: the newest N backups"), shown);
        assertTrue(shown.contains("unknown database `nope` (configured: app). Usage: `/backup DB [--label L]"), shown);
        assertTrue(shown.contains("N must be a number from 1 to 100, not `0`"), shown);
        assertTrue(shown.contains("commands start with /; type /backstop help"), shown);
        assertTrue(shown.contains("you are now U9"), shown);
        assertTrue(shown.contains(":hourglass: Backup of *app* started by @U9"), shown);
        assertTrue(shown.contains(":hourglass: Drill of *app* (backup `latest`) started by @U9"), shown);
        assertTrue(shown.trim().endsWith("bye"), shown);
        try (Services services = world.services()) {
            List<BackupRecord> backups = services.catalog().list("app", 10);
            assertEquals(1, backups.size());
            BackupRecord backup = backups.get(0);
            assertEquals("U9", backup.actor());
            assertTrue(shown.contains(":white_check_mark: Backup of *app* done: id `" + backup.id() + "`"), shown);
            assertTrue(shown.contains("sha256 `" + backup.sha256().substring(0, 12) + "`"), shown);
        }
    }

    @Test
    void listing_and_non_production_restore_reply_in_the_terminal() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(50);
        Path config = world.writeConfigFile(false);
        String id;
        try (Services services = world.services()) {
            id = services.backups().backup("app", "U1", Progress.NONE).id();
        }
        Path target = root.resolve("restored.db");
        String typed = "/backstop list app 5\n/restore app " + id + " --to " + target + "\n/restore app\n";
        StringWriter out = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--config", config.toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, shown);
        assertTrue(shown.contains("Newest 1 backups of *app*:"), shown);
        assertTrue(shown.contains(id) && shown.contains("succeeded") && shown.contains("U1"), shown);
        assertTrue(shown.contains("missing the backup id (or `latest`)"), shown);
        assertTrue(shown.contains(":question: Restore *app* from backup `" + id + "`"), shown);
        assertTrue(shown.contains("(confirmed: typed at the terminal)"), shown);
        assertTrue(shown.contains(":white_check_mark: Restore of *app* done: backup `" + id + "`"), shown);
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(target));
    }

    @Test
    void a_drill_shows_each_check_and_the_verdict() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(100);
        Path config = world.writeConfigFile(false);
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", dev.backstop.core.Progress.NONE);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream("/drill app\n".getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), "--config", config.toString(), "serve");
        String shown = out.toString();
        assertEquals(0, status, err.toString());
        assertTrue(shown.contains(":white_check_mark: Drill of *app* passed: backup `"), shown);
        assertTrue(shown.contains("✅ restore: sha256 "), shown);
        assertTrue(shown.contains("✅ row_counts: 2 tables match the manifest"), shown);
        assertTrue(shown.contains("✅ rto: took "), shown);
    }

    @Test
    void production_restores_wait_for_two_approvers_typed_with_approve() throws Exception {
        TestWorld world = new TestWorld(root, true);
        world.createDatabase(50);
        Path config = world.writeConfigFile(true);
        Path target = root.resolve("restored.db");
        String requestId;
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            requestId = services.approvals().request("app", "latest", target.toString(), "U9").id();
        }
        String typed = String.join("\n", "/as U9", "/restore app latest --to " + root.resolve("other.db"),
                "/approve " + requestId, "/as U1", "/approve " + requestId, "/approve " + requestId, "/as U2",
                "/approve " + requestId, "/deny", "") + "\n";
        StringWriter out = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--config", config.toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, shown);
        assertTrue(shown.contains(":lock: *Production restore* requested by @U9"), shown);
        assertTrue(shown.contains("vote with /approve R"), shown);
        assertTrue(shown.contains("Only the people in slack.approvers can vote on restore request `" + requestId + "`"),
                shown);
        assertTrue(shown.contains("*Approvals:* 1 of 2: @U1"), shown);
        assertTrue(shown.contains("You already voted on restore request `" + requestId + "`"), shown);
        assertTrue(shown.contains(":white_check_mark: Restore of *app* for request `" + requestId + "` done"), shown);
        assertTrue(shown.contains("*State:* executed"), shown);
        assertTrue(shown.contains("usage: /approve ID or /deny ID"), shown);
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(target));
    }
}
