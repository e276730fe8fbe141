package dev.backstop.pipeline;

import dev.backstop.core.Progress;

/** Forwards a byte count to a {@link Progress} at most once per 4 MiB, so reporting stays cheap. */
final class ProgressMeter {

    private static final long STEP = 4L << 20;

    private final Progress progress;
    private final String stage;
    private long nextReport;

    ProgressMeter(Progress progress, String stage) {
        this.progress = progress;
        this.stage = stage;
    }

    void at(long bytes) {
        if (bytes >= nextReport) {
            nextReport = bytes + STEP;
            progress.report(stage, bytes);
        }
    }
}
