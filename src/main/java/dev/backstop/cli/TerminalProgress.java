package dev.backstop.cli;

import dev.backstop.core.Progress;
import dev.backstop.text.Sizes;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * Shows progress on one rewritten stderr line: stage, bytes done and rate; the line is wiped when the
 * work ends, so only the command's own output stays on screen. Silent when stderr is not a terminal.
 */
final class TerminalProgress implements Progress {

    private final PrintStream err;
    private final long start = System.nanoTime();
    private int shownWidth;

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** Runs {@code work} with progress on the terminal (if stderr is one), wiping the progress line afterwards. */
    static <T> T around(Function<Progress, T> work) {
        return System.console() == null ? work.apply(Progress.NONE) : new TerminalProgress(System.err).during(work);
    }

    /** Runs {@code work} reporting here, then wipes the line. */
    <T> T during(Function<Progress, T> work) {
        try {
            return work.apply(this);
        } finally {
            clear();
        }
    }

    @Override
    public synchronized void report(String stage, long bytesDone) {
        double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        String line = bytesDone < 0 ? stage : String.format("%-10s %10s  %10s/s", stage, Sizes.human(bytesDone),
                Sizes.human((long) (bytesDone / seconds)));
        err.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        err.flush();
        shownWidth = Math.max(shownWidth, line.length());
    }

    /** Overwrites the progress line with blanks and returns to its start, so the next output begins there. */
    synchronized void clear() {
        if (shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }
}
