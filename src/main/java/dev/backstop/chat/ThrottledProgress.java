package dev.backstop.chat;

import dev.backstop.core.Progress;
import dev.backstop.text.Sizes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Turns byte progress into a progress reply (stage, bytes, rate), passing on at most one per interval. */
public final class ThrottledProgress implements Progress {

    private final String title;
    private final Clock clock;
    private final Duration interval;
    private final Consumer<Reply> sink;
    private String stage = "";
    private Instant stageStart;
    private Instant lastSent;

    public ThrottledProgress(String title, Clock clock, Duration interval, Consumer<Reply> sink) {
        this.title = title;
        this.clock = clock;
        this.interval = interval;
        this.sink = sink;
    }

    @Override
    public synchronized void report(String newStage, long bytesDone) {
        Instant now = clock.instant();
        if (!newStage.equals(stage)) {
            stage = newStage;
            stageStart = now;
        }
        if (lastSent != null && Duration.between(lastSent, now).compareTo(interval) < 0) {
            return;
        }
        lastSent = now;
        if (bytesDone < 0) {
            sink.accept(Reply.publicly(":hourglass_flowing_sand: " + title + ": " + stage));
            return;
        }
        sink.accept(Reply.publicly(":hourglass_flowing_sand: " + title + ": " + stage + " " + Sizes.human(bytesDone)
                + rate(bytesDone, Duration.between(stageStart, now))));
    }

    private static String rate(long bytes, Duration elapsed) {
        long millis = elapsed.toMillis();
        return millis < 100 ? "" : " at " + Sizes.human(bytes * 1000 / millis) + "/s";
    }
}
