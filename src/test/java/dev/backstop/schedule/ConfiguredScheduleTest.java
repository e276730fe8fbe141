package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Our schedules as db-scheduler's: the first slot, the next after a run, and one catch-up after downtime. */
class ConfiguredScheduleTest {

    private static final Instant INSTALLED = Instant.parse("2026-11-23T01:30:00Z");

    private static Instant nextAfter(ConfiguredSchedule schedule, Instant slot, Instant done) {
        Execution execution = new Execution(slot, new TaskInstance<>(JobScheduler.BACKUP, "app"));
        return schedule.getNextExecutionTime(ExecutionComplete.success(execution, slot, done));
    }

    @Test
    void a_daily_backup_runs_at_its_time_and_then_a_day_later() {
        ConfiguredSchedule daily = new ConfiguredSchedule("0 2 * * *");
        Instant first = daily.getInitialExecutionTime(INSTALLED);
        assertEquals(Instant.parse("2026-11-23T02:00:00Z"), first, "nothing is due before 02:00 on a fresh install");
        assertEquals(Instant.parse("2026-11-24T02:00:00Z"), nextAfter(daily, first, first.plusSeconds(40)));
    }

    @Test
    void slots_missed_while_down_give_one_run_then_the_next_slot() {
        ConfiguredSchedule daily = new ConfiguredSchedule("0 2 * * *");
        Instant missed = Instant.parse("2026-11-23T02:00:00Z");
        Instant caughtUp = missed.plus(Duration.ofDays(3)).plus(Duration.ofHours(1));
        assertEquals(Instant.parse("2026-11-27T02:00:00Z"), nextAfter(daily, missed, caughtUp),
                "three missed slots give the one catch-up run that just ended, not three");
    }

    @Test
    void an_every_schedule_keeps_its_rhythm_from_the_slot_that_ran() {
        ConfiguredSchedule every = new ConfiguredSchedule("@every 3s");
        Instant first = every.getInitialExecutionTime(INSTALLED);
        assertEquals(INSTALLED.plusSeconds(3), first);
        assertEquals(INSTALLED.plusSeconds(6), nextAfter(every, first, first.plusMillis(700)),
                "a run that took 0.7 s does not push the next slot back");
        assertEquals(INSTALLED.plusSeconds(12), nextAfter(every, first, first.plusMillis(7_500)),
                "a run longer than two slots skips them");
    }
}
