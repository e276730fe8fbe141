package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void the_progress_line_is_wiped_when_the_work_ends() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(screen, true, StandardCharsets.UTF_8);
        String result = new TerminalProgress(err).during(progress -> {
            progress.report("upload", 5 << 20);
            progress.report("upload", 12 << 20);
            return "done";
        });
        assertEquals("done", result);
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("\n"), "no line of progress is left behind: " + shown);
        String last = shown.substring(shown.lastIndexOf('\r', shown.length() - 2) + 1);
        assertTrue(last.isBlank() && last.endsWith("\r"), "the last write blanks the line: [" + last + "]");
        int widest = shown.split("\r")[2].length();
        assertEquals(widest + 1, last.length(), "the blanks cover the whole line");
    }

    @Test
    void nothing_is_written_when_no_progress_was_shown() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        new TerminalProgress(new PrintStream(screen, true, StandardCharsets.UTF_8)).during(progress -> 1);
        assertEquals(0, screen.size());
    }
}
