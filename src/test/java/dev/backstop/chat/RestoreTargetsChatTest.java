package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat's restore replies are true: a URL target is refused before anything runs, a replaced text file is named. */
class RestoreTargetsChatTest {

    @TempDir
    Path root;

    @Test
    void the_chat_refuses_a_url_target_and_names_the_text_file_it_kept_aside() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(50);
        Path config = world.writeConfigFile(false);
        try (Services services = world.services()) {
            services.backups().backup("app", "U1", Progress.NONE);
        }
        Path notes = root.resolve("notes.db");
        Files.writeString(notes, "not a database\n".repeat(30));
        String typed = "/restore app latest --to postgresql://x/y\n/restore app latest --to " + notes + "\n";
        StringWriter out = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--config", config.toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, shown);
        assertTrue(shown.contains(":no_entry: `postgresql://x/y` is not a file path, and app restores only into files;"
                + " --to may name only databases.app.restore_targets"), shown);
        assertFalse(Files.exists(Path.of("postgresql:")));
        assertTrue(shown.contains(":white_check_mark: Restore of *app* done: backup `"), shown);
        assertTrue(shown.contains(", integrity and row counts checked; what was there before is kept as " + notes
                + ".before-restore-"), shown);
        assertEquals(1, shown.split(":white_check_mark: Restore of", -1).length - 1, shown);
        assertEquals(Map.of("customers", 20L, "orders", 50L), TestWorld.rowCounts(notes));
    }
}
