package dev.backstop.chat;

import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.PointInTime;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.RestoreService;
import java.time.Clock;
import java.util.Optional;

/** An approved restore's messages on a board (in Slack, the request's thread), posted when the first news arrives. */
final class RestoreThread implements Progress {

    private final Board board;
    private final String title;
    private final ThrottledProgress throttled;
    private final Runnable onStart;
    private Board.Posted posted;

    /** {@code onStart} runs once, when the first message is posted. */
    RestoreThread(Board board, String title, Clock clock, Runnable onStart) {
        this.board = board;
        this.title = title;
        this.onStart = onStart;
        this.throttled = new ThrottledProgress(title, clock, JobRunner.UPDATE_INTERVAL, reply -> started().update(reply));
    }

    String title() {
        return title;
    }

    @Override
    public void report(String stage, long bytesDone) {
        throttled.report(stage, bytesDone);
    }

    /** Shows the final result, posting the message first if no progress came before. */
    void finish(Reply result) {
        started().finish(result);
    }

    /** Shows a finished restore, with the safety backup taken before it if any, and returns its one-line summary. */
    String succeeded(RestoreService.Restored restored, Optional<BackupRecord> safetyBackup) {
        String summary = "backup `" + restored.backup().id() + "` restored to `" + restored.target() + "` in "
                + Durations.format(restored.took())
                + ", integrity and row counts checked" + restored.setAsideNote()
                + safetyBackup.map(safety -> "; pre-restore backup `" + safety.id() + "` holds what was there"
                        + " before").orElse("");
        finish(Reply.publicly(":white_check_mark: " + title + " done: " + summary));
        return ":white_check_mark: " + summary;
    }

    /** Shows a finished restore to a point in time, naming the previous bookmark that undoes it; its summary. */
    String rewound(PointInTime.Rewound rewound) {
        String summary = "put back to bookmark `" + rewound.bookmark() + "` with Time Travel; previous_bookmark `"
                + rewound.previous() + "` undoes it (no pre-restore backup: restore that bookmark to go back)";
        finish(Reply.publicly(":white_check_mark: " + title + " done: " + summary));
        return ":white_check_mark: " + summary;
    }

    private synchronized Board.Posted started() {
        if (posted == null) {
            onStart.run();
            posted = board.post(Reply.publicly(":hourglass: " + title + " started"));
        }
        return posted;
    }
}
