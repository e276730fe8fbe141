package dev.backstop.pipeline;

import dev.backstop.core.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Ticker} that tests turn by hand: {@link #tick} is one interval of real time passing. */
public final class ManualTicker implements Ticker {

    private final List<Repetition> open = new CopyOnWriteArrayList<>();

    private record Repetition(Duration interval, Runnable task) {
    }

    @Override
    public Ticking every(Duration interval, Runnable task) {
        Repetition repetition = new Repetition(interval, task);
        open.add(repetition);
        return () -> open.removeIf(held -> held == repetition);
    }

    /** Calls every open task once, as the interval elapsing would; a task that throws does not stop the others. */
    public void tick() {
        for (Repetition repetition : open) {
            try {
                repetition.task().run();
            } catch (RuntimeException ignored) {
                // As the real ticker does: the next tick tries again.
            }
        }
    }

    /** The intervals of the repetitions still open. */
    public List<Duration> openIntervals() {
        return open.stream().map(Repetition::interval).toList();
    }
}
