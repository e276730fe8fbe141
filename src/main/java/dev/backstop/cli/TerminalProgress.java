package dev.backstop.cli;

import dev.backstop.core.Progress;
import java.io.PrintStream;

/** Shows progress on one rewritten stderr line: stage, bytes done and rate. Silent when stderr is not a terminal. */
final class TerminalProgress implements Progress {

    private final PrintStream err;
    private final long start = System.nanoTime();
    private boolean shown;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** Runs {@code work} with progress on the terminal (if stderr is one), ending the progress line afterwards. */
    static <T> T around(java.util.function.Function<Progress, T> work) {
        Progress progress = forTerminal();
        try {
            return work.apply(progress);
        } finally {
            finish(progress);
        }
    }

    private static Progress forTerminal() {
        return System.console() == null ? Progress.NONE : new TerminalProgress(System.err);
    }

    @Override
    public synchronized void report(String stage, long bytesDone) {
        double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        if (bytesDone < 0) {
            err.print("\r" + stage + "   ");
            err.flush();
            shown = true;
            return;
        }
        err.print("\r" + String.format("%-10s %10s  %10s/s   ", stage, Sizes.human(bytesDone),
                Sizes.human((long) (bytesDone / seconds))));
        err.flush();
        shown = true;
    }

    /** Ends the progress line so that the next output starts on a fresh line. */
    private static void finish(Progress progress) {
        if (progress instanceof TerminalProgress terminal && terminal.shown) {
            terminal.err.println();
        }
    }
}
