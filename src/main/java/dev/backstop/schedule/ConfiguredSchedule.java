package dev.backstop.schedule;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Instant;

/**
 * A database's {@code schedule} (cron or {@code @every}, see {@link dev.backstop.config.Schedule}) as
 * db-scheduler's {@link Schedule}. The next run is the first slot after the run that just ended, so
 * slots missed while every replica was down (or while a long job ran) give one run, not one per slot.
 * {@code @every} slots count from the slot that ran, so they keep their rhythm.
 */
final class ConfiguredSchedule implements Schedule {

    private final dev.backstop.config.Schedule schedule;

    ConfiguredSchedule(String text) {
        this.schedule = dev.backstop.config.Schedule.parse(text);
    }

    @Override
    public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
        return after(executionComplete.getTimeDone(), executionComplete.getExecution().getExecutionTime());
    }

    /** The first slot after {@code done}; {@code @every} slots count from {@code slot}. */
    Instant after(Instant done, Instant slot) {
        return schedule.next(done, slot);
    }

    @Override
    public Instant getInitialExecutionTime(Instant now) {
        return schedule.next(now, now);
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }

    @Override
    public String toString() {
        return schedule.toString();
    }
}
