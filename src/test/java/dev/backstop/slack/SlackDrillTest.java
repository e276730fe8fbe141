package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.Progress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /drill} runs a drill as a job and posts each check with a pass or fail mark. */
class SlackDrillTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void drill_posts_the_checks_and_the_verdict() throws Exception {
        try (SlackHarness bot = new SlackHarness(dir, false)) {
            bot.services.backups().backup("app", "cron", Progress.NONE);
            assertEquals(200, bot.command("/drill", "app", "U1").statusCode());
            FakeSlackApi.Call done = bot.slack.await(WAIT, call -> call.method().equals("chat.update")
                    && call.field("text").contains("Drill of *app* passed"));
            assertTrue(done.field("blocks").contains("✅ restore: sha256"), done.field("blocks"));
            assertTrue(done.field("blocks").contains("✅ rto: took"), done.field("blocks"));
            assertTrue(bot.services.catalog().lastDrill("app", true).isPresent());
        }
    }
}
