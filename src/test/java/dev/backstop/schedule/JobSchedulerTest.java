package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.Alert;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled jobs on db-scheduler, in real time on a real SQLite catalog: on time, once per slot, across replicas. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class JobSchedulerTest {

    private static final SchedulerSettings FAST = new SchedulerSettings(2, Duration.ofMinutes(10),
            Duration.ofMillis(500), Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Instant> sorted;
        synchronized (times) {
            sorted = times.stream().sorted().toList();
        }
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            gaps.add(Duration.between(sorted.get(i - 1), sorted.get(i)));
        }
        return gaps;
    }

    @Test
    void an_every_two_seconds_backup_runs_about_every_two_seconds() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), FAST, Map.of("app", List.of("@every 2s", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog());
             JobScheduler scheduler = world.start(catalog, "replica-a")) {
            Thread.sleep(9_000);
        }
        assertTrue(world.backupTimes.size() >= 4, "backups in 9 s: " + world.backupTimes);
        for (Duration gap : gaps(world.backupTimes)) {
            assertTrue(gap.compareTo(Duration.ofMillis(1_500)) >= 0, "two backups " + gap.toMillis() + " ms apart");
        }
    }

    @Test
    void a_slot_missed_while_down_runs_once_after_a_restart() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), FAST, Map.of("app", List.of("@every 1h", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Instant firstSlot;
            try (JobScheduler before = world.start(catalog, "replica-a")) {
                firstSlot = before.nextRun(JobScheduler.BACKUP, "app").orElseThrow();
            }
            assertEquals(0, world.count("backup"), "nothing was due before the first hour");
            Clock fiveHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(5));
            try (JobScheduler after = world.start(catalog, world.config, "replica-a", world.backup(catalog, "replica-a"),
                    order -> { }, () -> { }, fiveHoursLater)) {
                await("the catch-up backup", Duration.ofSeconds(5), () -> world.count("backup") == 1);
                Thread.sleep(1_500);
                assertEquals(1, world.count("backup"), "five missed slots give one catch-up run");
                assertEquals(firstSlot.plus(Duration.ofHours(5)), after.nextRun(JobScheduler.BACKUP, "app").orElseThrow(),
                        "the next run is the next slot after now, in the schedule's rhythm");
            }
        }
    }

    @Test
    void two_replicas_on_one_catalog_never_run_one_slot_twice() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMinutes(10), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("@every 1s", "")));
        try (Catalog first = Catalog.open(world.config.catalog()); Catalog second = Catalog.open(world.config.catalog())) {
            JobScheduler.Job slowFirst = slow(world.backup(first, "replica-a"));
            JobScheduler.Job slowSecond = slow(world.backup(second, "replica-b"));
            try (JobScheduler a = world.start(first, world.config, "replica-a", slowFirst, order -> { }, () -> { });
                 JobScheduler b = world.start(second, world.config, "replica-b", slowSecond, order -> { }, () -> { })) {
                Thread.sleep(6_500);
            }
        }
        long runs = world.count("backup");
        assertTrue(runs >= 4 && runs <= 7, "one run per 1 s slot in 6.5 s, not one per replica: " + world.runs);
        for (Duration gap : gaps(world.backupTimes)) {
            assertTrue(gap.compareTo(Duration.ofMillis(700)) >= 0, "two runs " + gap.toMillis() + " ms apart: "
                    + world.runs);
        }
    }

    private static JobScheduler.Job slow(JobScheduler.Job job) {
        return database -> {
            job.run(database);
            Thread.sleep(300);
        };
    }

    @Test
    void the_monitor_pass_runs_once_per_period_across_two_replicas() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMinutes(10), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("", "")));
        List<Instant> passes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        Runnable sweep = () -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            passes.add(Instant.now());
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
        };
        try (Catalog first = Catalog.open(world.config.catalog()); Catalog second = Catalog.open(world.config.catalog());
             JobScheduler a = world.start(first, world.config, "replica-a", database -> { }, order -> { }, sweep);
             JobScheduler b = world.start(second, world.config, "replica-b", database -> { }, order -> { }, sweep)) {
            Thread.sleep(5_600);
            assertEquals(Optional.empty(), a.staleness());
            assertEquals(Optional.empty(), b.staleness(), "a pass another replica ran counts for this one too");
        }
        assertTrue(passes.size() >= 4 && passes.size() <= 6, "passes in 5.6 s every 1 s + 0.2 s: " + passes);
        assertEquals(0, overlaps.get(), "two passes ran at once");
        for (Duration gap : gaps(passes)) {
            assertTrue(gap.compareTo(Duration.ofMillis(1_000)) >= 0, "two passes " + gap.toMillis() + " ms apart");
        }
    }

    @Test
    void a_backup_that_blocks_holds_up_neither_the_alert_pass_nor_gets_a_second_run() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMinutes(10), Duration.ofMillis(100),
                Duration.ofMillis(300));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings,
                Map.of("app", List.of("@every 1s", ""), "shop", List.of("", "")));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        try (Catalog catalog = Catalog.open(world.config.catalog());
             JobScheduler scheduler = world.start(catalog, world.config, "replica-a", database -> {
                 world.runs.add("backup " + database);
                 started.countDown();
                 released.await();
             }, order -> { }, () -> { })) {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            world.alerted.clear();
            BackupRecord shop = BackupRecord.started(BackupId.next(world.clock), "shop", "sqlite",
                    new ObjectKey("shop/x"), new ObjectKey("shop/y"), "cron");
            catalog.insert(shop);
            catalog.update(shop.failed(world.clock.instant(), "the disk is full"));
            Alert alert;
            do {
                alert = world.alerted.poll(5, TimeUnit.SECONDS);
            } while (alert != null && !alert.event().equals("backup.failed"));
            assertTrue(alert != null, "an alert pass ran while the backup of app was blocked");
            assertEquals("shop", alert.database());
            Thread.sleep(1_500);
            assertEquals(1, world.count("backup app"), "app's next slot waits for its running backup");
            released.countDown();
        }
    }

    @Test
    void a_database_gone_from_the_config_loses_its_job_and_a_new_one_gets_one() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), FAST, Map.of("app", List.of("@every 1h", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            try (JobScheduler before = world.start(catalog, "replica-a")) {
                assertTrue(before.nextRun(JobScheduler.BACKUP, "app").isPresent());
            }
            BackstopConfig changed = world.config(FAST, Map.of("shop", List.of("@every 1h", "@every 1d")));
            try (JobScheduler after = world.start(catalog, changed, "replica-a", database -> { }, order -> { },
                    () -> { })) {
                assertEquals(Optional.empty(), after.nextRun(JobScheduler.BACKUP, "app"));
                assertTrue(after.nextRun(JobScheduler.BACKUP, "shop").isPresent());
                assertTrue(after.nextRun(JobScheduler.DRILL, "shop").isPresent());
            }
        }
    }

    @Test
    void a_job_whose_replica_died_is_failed_audited_and_alerted_not_run_again() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMillis(1_200), Duration.ofMillis(200),
                Duration.ofMillis(300));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("@every 1h", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            try (JobScheduler before = world.start(catalog, "replica-a")) {
                assertTrue(before.nextRun(JobScheduler.BACKUP, "app").isPresent());
            }
            Instant now = Instant.now();
            Instant slot = now.minus(Duration.ofMinutes(2));
            BackupRecord half = BackupRecord.started(BackupId.next(world.clock), "app", "sqlite", new ObjectKey("app/x"),
                    new ObjectKey("app/y"), JobScheduler.ACTOR);
            catalog.insert(half);
            // The dead replica's job lock on app (its holder name starts with the replica's name), and one it
            // holds on another database for a job that is not this one.
            assertTrue(catalog.tryLock("app", "backup started by scheduler", "dead-replica:7-uuid", now,
                    now.plus(Duration.ofMinutes(2))));
            assertTrue(catalog.tryLock("shop", "restore started by U1", "dead-replica:7-uuid", now,
                    now.plus(Duration.ofMinutes(2))));
            catalog.heartbeat(half.id(), now.minus(Duration.ofMinutes(1)));
            pickedByADeadReplica(world, slot, now.minus(Duration.ofMinutes(1)));

            try (JobScheduler after = world.start(catalog, "replica-b")) {
                await("the dead backup failed", Duration.ofSeconds(5),
                        () -> catalog.find("app", half.id()).orElseThrow().status() == dev.backstop.core.BackupStatus.FAILED);
                Alert alert;
                do {
                    alert = world.alerted.poll(5, TimeUnit.SECONDS);
                } while (alert != null && !alert.event().equals("backup.failed"));
                assertTrue(alert != null, "backup.failed was raised");
                assertTrue(alert.message().contains("replica dead-replica running it stopped"), alert.message());
                assertEquals(Optional.empty(), catalog.jobLock("app", Instant.now()),
                        "the dead backup's lock is freed at once, not after its two-minute lease");
                assertEquals("dead-replica:7-uuid", catalog.jobLock("shop", Instant.now()).orElseThrow().holder(),
                        "a lock on another database is left to its lease");
                Thread.sleep(1_000);
                assertEquals(0, world.count("backup"), "the dead job was not run again: " + world.runs);
                assertEquals(slot.plus(Duration.ofHours(1)).toEpochMilli(),
                        after.nextRun(JobScheduler.BACKUP, "app").orElseThrow().toEpochMilli(),
                        "the recurring job waits for its next slot");
            }
            String error = catalog.find("app", half.id()).orElseThrow().error();
            assertTrue(error.startsWith("interrupted: replica dead-replica running it stopped"), error);
            assertTrue(catalog.auditLog(20).stream().anyMatch(entry -> entry.actor().equals("backstop")
                    && entry.action().equals("backup") && entry.backupId().equals(half.id())
                    && entry.outcome().equals("failed") && entry.detail().equals(error)), "audited by backstop");
        }
    }

    @Test
    void a_chat_job_whose_replica_died_is_failed_and_audited_and_never_run_again() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMillis(1_200), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("", "")));
        List<ChatOrder> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Instant asked = Instant.now().minus(Duration.ofMinutes(2));
            try (JobScheduler asking = world.start(catalog, world.config, "replica-a", database -> { }, null, () -> { })) {
                asking.order(new ChatOrder("/backstop", "backup app", "U1", "C1", "", false, "backup", "app"));
            }
            BackupRecord half = BackupRecord.started(BackupId.next(world.clock), "app", "sqlite", new ObjectKey("app/x"),
                    new ObjectKey("app/y"), "U1");
            catalog.insert(half);
            catalog.heartbeat(half.id(), asked.plusSeconds(30));
            BackupRecord someoneElses = BackupRecord.started(BackupId.next(world.clock), "app", "sqlite",
                    new ObjectKey("app/z"), new ObjectKey("app/w"), "cron");
            catalog.insert(someoneElses);
            pickedByADeadReplica(world, "chat-job", null, asked, asked.plusSeconds(30));

            try (JobScheduler taking = world.start(catalog, world.config, "replica-b", database -> { }, ran::add,
                    () -> { })) {
                await("the dead chat backup failed", Duration.ofSeconds(5),
                        () -> catalog.find("app", half.id()).orElseThrow().status() == dev.backstop.core.BackupStatus.FAILED);
                Thread.sleep(1_000);
            }
            assertEquals(List.of(), ran, "the job asked for was not run again");
            assertEquals(dev.backstop.core.BackupStatus.RUNNING, catalog.find("app", someoneElses.id()).orElseThrow()
                    .status(), "a backup another actor runs is left alone");
            assertTrue(catalog.auditLog(20).stream().anyMatch(entry -> entry.actor().equals("backstop")
                    && entry.backupId().equals(half.id()) && entry.detail().contains("replica dead-replica")));
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                    + world.config.catalog().file().toAbsolutePath());
                 java.sql.ResultSet left = connection.createStatement().executeQuery(
                         "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'chat-job'")) {
                assertEquals(0, left.getInt(1), "the one-time job is gone from the table");
            }
        }
    }

    @Test
    void a_dead_chat_job_leaves_running_a_live_backup_of_the_same_asker_in_another_process() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMillis(1_200), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Instant asked = Instant.now().minus(Duration.ofMinutes(5));
            try (JobScheduler asking = world.start(catalog, world.config, "replica-a", database -> { }, null, () -> { })) {
                asking.order(new ChatOrder("/backstop", "backup app", "U1", "C1", "", false, "backup", "app"));
            }
            BackupRecord dead = BackupRecord.started(BackupId.next(world.clock), "app", "sqlite",
                    new ObjectKey("app/x"), new ObjectKey("app/y"), "U1");
            catalog.insert(dead);
            catalog.heartbeat(dead.id(), asked.plusSeconds(30));
            // U1 asked again once the dead job's lock ran out; another process runs it and beats.
            BackupRecord live = BackupRecord.started(BackupId.next(world.clock), "app", "sqlite",
                    new ObjectKey("app/z"), new ObjectKey("app/w"), "U1");
            catalog.insert(live);
            java.util.concurrent.ScheduledExecutorService beating =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            beating.scheduleAtFixedRate(() -> catalog.heartbeat(live.id(), Instant.now()), 0,
                    200, TimeUnit.MILLISECONDS);
            pickedByADeadReplica(world, "chat-job", null, asked, asked.plusSeconds(30));
            try (JobScheduler taking = world.start(catalog, world.config, "replica-b", database -> { }, order -> { },
                    () -> { })) {
                await("the dead chat backup failed", Duration.ofSeconds(5),
                        () -> catalog.find("app", dead.id()).orElseThrow().status() == dev.backstop.core.BackupStatus.FAILED);
                Thread.sleep(500);
            } finally {
                beating.shutdownNow();
            }
            assertEquals(dev.backstop.core.BackupStatus.RUNNING, catalog.find("app", live.id()).orElseThrow().status(),
                    "the live backup of the same asker keeps running");
        }
    }

    @Test
    void a_scheduled_backup_refused_by_a_job_another_process_runs_is_not_failed_and_is_tried_again_soon()
            throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), FAST, Map.of("app", List.of("@every 6h", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Instant firstSlot;
            try (JobScheduler before = world.start(catalog, "replica-a")) {
                firstSlot = before.nextRun(JobScheduler.BACKUP, "app").orElseThrow();
            }
            MutableClock clock = new MutableClock(firstSlot.plusSeconds(1));
            dev.backstop.pipeline.JobLocks cli = new dev.backstop.pipeline.JobLocks(catalog, clock);
            dev.backstop.pipeline.JobLocks replica = new dev.backstop.pipeline.JobLocks(catalog, clock);
            JobScheduler.Job locked = database -> {
                try (dev.backstop.pipeline.JobLocks.Held held = replica.acquire(database, "backup", JobScheduler.ACTOR)) {
                    world.runs.add("backup " + database);
                }
            };
            dev.backstop.pipeline.JobLocks.Held restore = cli.acquire("app", "restore", "alice");
            try (JobScheduler scheduler = world.start(catalog, world.config, "replica-a", locked, order -> { },
                    () -> { }, clock)) {
                await("the slot was taken up", Duration.ofSeconds(5),
                        () -> scheduler.nextRun(JobScheduler.BACKUP, "app").orElseThrow().isAfter(firstSlot));
                restore.close();
                clock.advance(Duration.ofMinutes(2));
                await("the backup tried again after the restore", Duration.ofSeconds(5),
                        () -> world.count("backup") == 1);
            }
            assertTrue(catalog.auditLog(20).stream().noneMatch(entry -> entry.action().equals("scheduled backup")
                    && entry.outcome().equals("failed")), "no failed job: " + catalog.auditLog(20));
        }
    }

    @Test
    void task_data_of_a_class_other_than_backstops_jobs_is_never_deserialized() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), FAST, Map.of("app", List.of("", "")));
        List<ChatOrder> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            try (JobScheduler asking = world.start(catalog, world.config, "replica-a", database -> { }, null, () -> { })) {
                asking.order(new ChatOrder("/backstop", "backup app", "U1", "C1", "", false, "backup", "app"));
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(new Tripwire());
            }
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                    + world.config.catalog().file().toAbsolutePath());
                 java.sql.PreparedStatement update = connection.prepareStatement(
                         "UPDATE scheduled_tasks SET task_data = ? WHERE task_name = 'chat-job'")) {
                update.setBytes(1, bytes.toByteArray());
                assertEquals(1, update.executeUpdate());
            }
            try (JobScheduler taking = world.start(catalog, world.config, "replica-b", database -> { }, ran::add,
                    () -> { })) {
                Thread.sleep(2_000);
            }
            assertTrue(!Tripwire.TRIPPED.get(), "a foreign class in the job table was deserialized");
            assertEquals(List.of(), ran);
        }
    }

    /** Marks app's backup execution as taken by {@code dead-replica}, which last beat at {@code heartbeat}. */
    private static void pickedByADeadReplica(SchedulerWorld world, Instant slot, Instant heartbeat) throws Exception {
        pickedByADeadReplica(world, "backup", "app", slot, heartbeat);
    }

    /** Marks the {@code task} execution ({@code instance}; null: every one) as taken by {@code dead-replica}. */
    private static void pickedByADeadReplica(SchedulerWorld world, String task, String instance, Instant slot,
                                             Instant heartbeat) throws Exception {
        java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + world.config.catalog().file().toAbsolutePath());
             java.sql.PreparedStatement update = connection.prepareStatement("UPDATE scheduled_tasks SET picked = ?,"
                     + " picked_by = ?, last_heartbeat = ?, execution_time = ?, version = version + 1"
                     + " WHERE task_name = ? AND (? IS NULL OR task_instance = ?)")) {
            update.setBoolean(1, true);
            update.setString(2, "dead-replica");
            update.setTimestamp(3, java.sql.Timestamp.from(heartbeat), utc);
            update.setTimestamp(4, java.sql.Timestamp.from(slot), utc);
            update.setString(5, task);
            update.setString(6, instance);
            update.setString(7, instance);
            assertEquals(1, update.executeUpdate());
        }
    }
}
