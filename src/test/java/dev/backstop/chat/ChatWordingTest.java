package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat replies name chat commands, list the commands that apply where they are read, and show failures. */
class ChatWordingTest {

    @TempDir
    Path dir;

    private static Outcome ask(Services services, String command, String text, String channel) {
        return new ChatCommands(services).handle(new ChatRequest(command, text, "U1", channel));
    }

    @Test
    void a_wrong_backup_id_points_at_the_chat_command_that_lists_them() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(10);
        try (Services services = world.services()) {
            services.backups().backup("app", "U1", Progress.NONE);
            Reply reply = (Reply) ask(services, "/restore", "app 20990101T000000000Z-0000 --to ./copy.db", "C1");
            assertTrue(reply.text().contains("`/backups app`"), reply.text());
            assertFalse(reply.text().contains("backstop list"), reply.text());

            Outcome drill = ask(services, "/drill", "app 20990101T000000000Z-0000", "C1");
            Job job = assertInstanceOf(Job.class, drill);
            StringBuilder shown = new StringBuilder();
            try (JobRunner runner = new JobRunner(Executors.newSingleThreadExecutor(), Clock.systemUTC())) {
                runner.submit(job, started -> new Board.Posted() {
                    @Override
                    public void update(Reply progress) {
                    }

                    @Override
                    public void finish(Reply result) {
                        shown.append(result.text());
                    }
                });
                runner.drain(Duration.ofSeconds(30));
            }
            assertTrue(shown.toString().contains("`/backups app`"), shown.toString());
        }
    }

    @Test
    void help_in_the_terminal_lists_as_approve_and_deny_and_slack_help_says_how_to_vote() throws Exception {
        TestWorld world = new TestWorld(dir);
        try (Services services = world.services()) {
            String terminal = ((Reply) ask(services, "/backstop", "help", TerminalChat.CHANNEL)).text();
            for (String command : new String[] {"`/as USER`", "`/approve ID`", "`/deny ID`", "`/backups DB [N] [--all]`"}) {
                assertTrue(terminal.contains(command), terminal);
            }
            String slack = ((Reply) ask(services, "/backstop", "help", "C1")).text();
            assertFalse(slack.contains("/as USER"), slack);
            assertTrue(slack.contains("Approve and Deny buttons"), slack);
        }
    }

    @Test
    void backups_show_the_failure_reason_and_hide_pruned_ones_unless_all() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(10);
        try (Services services = world.services()) {
            BackupRecord kept = services.backups().backup("app", "U1", Progress.NONE);
            BackupRecord old = services.backups().backup("app", "U1", Progress.NONE);
            services.catalog().update(old.pruned(services.clock().instant()));
            Files.move(world.database, dir.resolve("moved.db"));
            assertThrows(BackstopException.class, () -> services.backups().backup("app", "U1", Progress.NONE));
            Reply listed = (Reply) ask(services, "/backups", "app", "C1");
            assertTrue(listed.detail().lines().findFirst().orElseThrow().endsWith("NOTE"), listed.detail());
            assertTrue(listed.detail().lines().anyMatch(line -> line.contains("failed") && line.contains("app.db")),
                    listed.detail());
            assertTrue(listed.detail().contains(kept.id()));
            assertFalse(listed.detail().contains(old.id()), listed.detail());
            Reply all = (Reply) ask(services, "/backups", "app 5 --all", "C1");
            assertTrue(all.detail().contains(old.id()), all.detail());
            assertEquals(4, all.detail().lines().count(), all.detail());
        }
    }
}
