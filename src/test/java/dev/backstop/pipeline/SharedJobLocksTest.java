package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackstopException;
import dev.backstop.schedule.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job locks of two processes: two catalog instances on the same file, each with its own JobLocks. */
class SharedJobLocksTest {

    @TempDir
    Path dir;

    @Test
    void a_job_in_another_process_is_refused_naming_the_first() {
        Clock clock = Clock.systemUTC();
        try (Catalog serve = Catalog.open(dir.resolve("catalog.db"));
             Catalog cli = Catalog.open(dir.resolve("catalog.db"))) {
            JobLocks replica = new JobLocks(serve, clock);
            JobLocks command = new JobLocks(cli, clock);
            try (JobLocks.Held running = replica.acquire("app", "backup", "alice")) {
                BackstopException refused = assertThrows(BackstopException.class,
                        () -> command.acquire("app", "restore", "bob"));
                assertEquals("a backup started by alice is already running on app; wait for it to finish and try"
                        + " again", refused.getMessage());
                command.acquire("other", "restore", "bob").close();
                assertEquals(replica.holder(), cli.jobLock("app", clock.instant()).orElseThrow().holder());
            }
            command.acquire("app", "restore", "bob").close();
        }
    }

    @Test
    void a_lock_whose_lease_ran_out_is_taken_over_by_another_process() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        try (Catalog dead = Catalog.open(dir.resolve("catalog.db"));
             Catalog alive = Catalog.open(dir.resolve("catalog.db"))) {
            // An hour's lease, renewed every ten minutes of real time: this test never sees a renewal.
            JobLocks stopped = new JobLocks(dead, clock, Duration.ofHours(1));
            JobLocks next = new JobLocks(alive, clock, Duration.ofHours(1));
            stopped.acquire("app", "backup", "cron");
            clock.advance(Duration.ofMinutes(59));
            assertThrows(BackstopException.class, () -> next.acquire("app", "backup", "bob"), "the lease still runs");

            clock.advance(Duration.ofMinutes(1));
            try (JobLocks.Held taken = next.acquire("app", "backup", "bob")) {
                assertEquals("backup started by bob", alive.jobLock("app", clock.instant()).orElseThrow().job());
                BackstopException refused = assertThrows(BackstopException.class,
                        () -> stopped.acquire("app", "restore", "cron"));
                assertTrue(refused.getMessage().startsWith("a backup started by bob is already running"),
                        refused.getMessage());
            }
        }
    }

    @Test
    void a_held_lock_is_renewed_past_its_lease_until_closed() throws Exception {
        Clock clock = Clock.systemUTC();
        Duration lease = Duration.ofMillis(600);
        try (Catalog first = Catalog.open(dir.resolve("catalog.db"));
             Catalog second = Catalog.open(dir.resolve("catalog.db"))) {
            JobLocks holder = new JobLocks(first, clock, lease);
            JobLocks other = new JobLocks(second, clock, lease);
            try (JobLocks.Held held = holder.acquire("app", "backup", "cron")) {
                long until = System.nanoTime() + lease.multipliedBy(4).toNanos();
                while (System.nanoTime() < until) {
                    assertThrows(BackstopException.class, () -> other.acquire("app", "backup", "bob"));
                    Thread.sleep(50);
                }
            }
            other.acquire("app", "backup", "bob").close();
        }
    }

    @Test
    void of_two_processes_racing_for_a_lock_exactly_one_gets_it_each_round() throws Exception {
        Clock clock = Clock.systemUTC();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Catalog first = Catalog.open(dir.resolve("catalog.db"));
             Catalog second = Catalog.open(dir.resolve("catalog.db"))) {
            List<JobLocks> processes = List.of(new JobLocks(first, clock), new JobLocks(second, clock));
            for (int round = 0; round < 50; round++) {
                String database = "db" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<JobLocks.Held>> attempts = new ArrayList<>();
                for (JobLocks locks : processes) {
                    attempts.add(pool.submit(() -> {
                        start.await();
                        try {
                            return locks.acquire(database, "backup", "cron");
                        } catch (BackstopException refused) {
                            return null;
                        }
                    }));
                }
                List<JobLocks.Held> winners = new ArrayList<>();
                for (Future<JobLocks.Held> attempt : attempts) {
                    JobLocks.Held held = attempt.get();
                    if (held != null) {
                        winners.add(held);
                    }
                }
                assertEquals(1, winners.size(), "round " + round);
                winners.forEach(JobLocks.Held::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
