package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `/backup DB --label L [--keep D | --pin]` in chat: the backup carries both, and the result message shows them. */
class LabelledBackupChatTest {

    @TempDir
    Path dir;

    TestWorld world;

    @BeforeEach
    void world() throws Exception {
        world = new TestWorld(dir);
        world.createDatabase(50);
    }

    private Outcome ask(Services services, String text) {
        return new ChatCommands(services).handle(new ChatRequest("/backup", text, "U1", "C1"));
    }

    @Test
    void a_kept_labelled_backup_shows_label_and_hold_in_its_result() throws Exception {
        try (Services services = world.services()) {
            Job job = (Job) ask(services, "app --label \u201cpre-deploy-9\u201d --keep 30d");
            Reply done = job.work().run(Progress.NONE);

            BackupRecord backup = services.catalog().latestSucceeded("app").orElseThrow();
            assertEquals("pre-deploy-9", backup.label());
            assertEquals(Duration.ofDays(30), Duration.between(backup.createdAt(), backup.keepUntil()));
            assertTrue(done.text().contains("id `" + backup.id() + "`, label `pre-deploy-9`, kept until "
                    + backup.keepUntil()), done.text());
        }
    }

    @Test
    void a_pinned_backup_says_pinned() throws Exception {
        try (Services services = world.services()) {
            Reply done = ((Job) ask(services, "app --label=golden --pin")).work().run(Progress.NONE);
            BackupRecord backup = services.catalog().latestSucceeded("app", "golden").orElseThrow();
            assertTrue(backup.pinned());
            assertTrue(done.text().contains(", label `golden`, pinned, "), done.text());
        }
    }

    @Test
    void keep_with_pin_or_without_a_duration_is_refused_privately_before_any_backup() throws Exception {
        try (Services services = world.services()) {
            for (String text : new String[] {"app --keep 30d --pin", "app --keep", "app --keep soon", "app --force"}) {
                Reply refused = (Reply) ask(services, text);
                assertTrue(refused.ephemeral(), text);
                assertTrue(refused.text().startsWith(":warning: "), refused.text());
                assertTrue(refused.text().contains("Usage: `/backup DB [--label L] [--keep D|--pin]`"), refused.text());
            }
            Reply badLabel = (Reply) ask(services, "app --label pre/deploy");
            assertTrue(badLabel.ephemeral());
            assertEquals(":warning: label pre/deploy is not allowed: use up to 64 letters, digits, dots, dashes or"
                    + " underscores, starting with a letter or digit", badLabel.text());
            assertTrue(services.catalog().list("app", 10).isEmpty());
        }
    }
}
