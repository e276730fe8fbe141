package dev.backstop.slack;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared setup of tests that drive one {@link SlackHarness} each: a fresh folder to build its
 * world in, and the harness a test started, closed after the test however it ended. A test assigns
 * {@link #harness} when it starts the bot, with the options it needs.
 */
abstract class SlackHarnessFixture {

    @TempDir
    Path root;

    /** The bot this test started, or null while it has started none. */
    SlackHarness harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }
}
