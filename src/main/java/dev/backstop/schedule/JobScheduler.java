package dev.backstop.schedule;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.backstop.catalog.Catalog;
import dev.backstop.catalog.JobLock;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Backstop's jobs on db-scheduler, in its {@code scheduled_tasks} table in the catalog, which every
 * replica shares: each scheduled backup and drill is a task instance per database that reschedules
 * itself to its next slot ({@link ConfiguredSchedule}); the monitor pass is a recurring task every
 * {@code scheduler.monitor_every}; a backup, restore or drill asked for from chat is a one-time task.
 * Whichever replica picks an execution runs it, and only that one (db-scheduler takes an execution by
 * an optimistic update of its row, which one replica wins). Jobs run on {@code scheduler.workers}
 * threads; the monitor pass runs on a scheduler instance of its own, so a long job never delays an
 * alert. A job whose replica died is ended by {@link DeadJobs}, never run again.
 */
public final class JobScheduler implements AutoCloseable {

    /** The actor scheduled jobs run as. */
    public static final String ACTOR = "scheduler";

    static final String BACKUP = "backup";
    static final String DRILL = "drill";
    static final String MONITOR = "monitor";
    static final String CHAT = "chat-job";

    /** The beats a replica may miss before its executions count as dead. */
    static final int MISSED_HEARTBEATS = 4;

    /** How soon a scheduled backup that found its database busy with another job is tried again. */
    static final Duration BUSY_RETRY = Duration.ofMinutes(1);

    private static final TaskData TASK_DATA = new TaskData();
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration NEVER_DELETE = Duration.ofDays(36_500);
    private static final int MAX_REPLICA_NAME = 50;

    /** Runs one scheduled job for one database; failures are recorded by the job itself and thrown. */
    @FunctionalInterface
    public interface Job {
        void run(String database) throws Exception;
    }

    /** Runs a job asked for from chat and posts its progress and result where {@code order} says; never throws. */
    @FunctionalInterface
    public interface ChatWork {
        void run(ChatOrder order);
    }

    private final BackstopConfig config;
    private final Catalog catalog;
    private final MonitorPass monitorPass;
    private final Clock clock;
    private final DeadJobs dead;
    private final Consumer<RuntimeException> failed;
    private final CustomTask<JobSlot> backupTask;
    private final CustomTask<JobSlot> drillTask;
    private final OneTimeTask<ChatOrder> chatTask;
    private final Scheduler jobs;
    private final Scheduler monitor;

    private JobScheduler(DataSource dataSource, BackstopConfig config, Catalog catalog, Job backup, Job drill,
                         MonitorPass monitorPass, ChatWork chat, Clock clock, String replica,
                         Consumer<RuntimeException> failed) {
        this.config = config;
        this.catalog = catalog;
        this.monitorPass = monitorPass;
        this.clock = clock;
        this.dead = new DeadJobs(catalog, clock, config.scheduler().stallTimeout());
        this.failed = failed;
        this.backupTask = scheduledTask(BACKUP, backup);
        this.drillTask = scheduledTask(DRILL, drill);
        this.chatTask = Tasks.oneTime(CHAT, ChatOrder.class)
                .onFailure((complete, operations) -> operations.remove())
                .onDeadExecution(this::deadChatJob)
                .execute((instance, context) -> {
                    if (chat != null) {
                        chat.run(instance.getData());
                    }
                });
        SchedulerSettings settings = config.scheduler();
        String name = replica.length() > MAX_REPLICA_NAME ? replica.substring(0, MAX_REPLICA_NAME) : replica;
        Duration heartbeat = heartbeat(settings.stallTimeout());
        this.jobs = Scheduler.create(dataSource, chat == null ? List.of(backupTask, drillTask)
                        : List.of(backupTask, drillTask, chatTask))
                .schedulerName(() -> name)
                .serializer(TASK_DATA)
                .clock(clock::instant)
                .threads(settings.workers())
                .pollingInterval(settings.poll())
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .deleteUnresolvedAfter(NEVER_DELETE)
                .enableImmediateExecution()
                .shutdownMaxWait(STOP_WAIT)
                .build();
        RecurringTask<Void> monitorTask = Tasks.recurring(MONITOR, FixedDelay.of(settings.monitorEvery()))
                .execute((instance, context) -> runMonitor());
        this.monitor = Scheduler.create(dataSource, List.of())
                .startTasks(List.of(monitorTask))
                .schedulerName(() -> name)
                .serializer(TASK_DATA)
                .clock(clock::instant)
                .threads(1)
                .pollingInterval(settings.poll())
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .deleteUnresolvedAfter(NEVER_DELETE)
                .shutdownMaxWait(STOP_WAIT)
                .build();
    }

    /**
     * Starts the scheduler of this replica (named {@code replica} in the table, such as {@code host:1234}, which starts the holder names of its job locks):
     * first the task instances are made to match the config (one per database with a backup or drill
     * schedule; those of databases no longer scheduled are cancelled), then both scheduler instances
     * poll every {@code scheduler.poll}. Without {@code chat} (null), this replica runs no job asked for
     * from chat (a terminal chat has no Slack to answer in); the Slack replicas do. A monitor pass or scheduled job that throws is reported to
     * {@code failed}; its next run still comes.
     */
    public static JobScheduler start(DataSource dataSource, BackstopConfig config, Catalog catalog, Job backup,
                                     Job drill, MonitorPass monitorPass, ChatWork chat, Clock clock, String replica,
                                     Consumer<RuntimeException> failed) {
        JobScheduler scheduler = new JobScheduler(dataSource, config, catalog, backup, drill, monitorPass, chat, clock,
                replica, failed);
        scheduler.match(BACKUP, scheduler.backupTask);
        scheduler.match(DRILL, scheduler.drillTask);
        scheduler.jobs.start();
        scheduler.monitor.start();
        return scheduler;
    }

    /**
     * How often a running execution's heartbeat is written: {@link #MISSED_HEARTBEATS} missed beats make
     * it dead, and db-scheduler looks for dead ones every two beats, so a replica killed mid-job is found
     * within {@code stallTimeout}.
     */
    static Duration heartbeat(Duration stallTimeout) {
        Duration beat = stallTimeout.dividedBy(MISSED_HEARTBEATS + 2);
        return beat.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : beat;
    }

    /**
     * Queues a job asked for from chat; a replica that runs chat jobs picks it and runs it through its
     * {@link ChatWork} (this one too, when it does).
     */
    public void order(ChatOrder order) {
        jobs.schedule(chatTask.instance(order.kind() + "-" + order.database() + "-" + UUID.randomUUID(), order),
                clock.instant());
    }

    /**
     * Why the bot looks stuck, if it does: no monitor pass ended, on any replica, for more than two
     * periods, as {@code no scheduler pass for 1m 15s (it runs every 30s)}. The last pass is the later of
     * the one this replica ran and the monitor task's last success in the shared table; before either,
     * the time this replica started.
     */
    public Optional<String> staleness() {
        Optional<Instant> anywhere;
        try {
            anywhere = monitor.getScheduledExecution(TaskInstanceId.of(MONITOR, RecurringTask.INSTANCE))
                    .map(ScheduledExecution::getLastSuccess);
        } catch (RuntimeException unreadable) {
            // The catalog probe reports an unreachable catalog; this replica's own pass still counts.
            anywhere = Optional.empty();
        }
        return monitorPass.staleness(config.scheduler().monitorEvery(), anywhere);
    }

    /** When the {@code kind} job of {@code database} runs next; empty when it has no instance. */
    Optional<Instant> nextRun(String kind, String database) {
        return jobs.getScheduledExecution(TaskInstanceId.of(kind, database)).map(ScheduledExecution::getExecutionTime);
    }

    /** Stops polling, waits up to 30 s for the running jobs (then interrupts them). */
    @Override
    public void close() {
        monitor.stop();
        jobs.stop();
    }

    private void runMonitor() {
        try {
            monitorPass.run();
        } catch (RuntimeException failure) {
            failed.accept(failure);
            throw failure;
        }
    }

    private CustomTask<JobSlot> scheduledTask(String kind, Job job) {
        DeadExecutionHandler<JobSlot> deadSlot = (complete, operations) -> {
            Execution execution = complete.getExecution();
            JobSlot slot = (JobSlot) execution.taskInstance.getData();
            dead.end(kind, slot.database(), ACTOR, execution.pickedBy, execution.executionTime, execution.lastHeartbeat);
            Optional<String> schedule = scheduleOf(kind, slot.database());
            if (schedule.isEmpty()) {
                operations.remove();
            } else {
                operations.reschedule(complete, new ConfiguredSchedule(schedule.get()).after(clock.instant(),
                        execution.executionTime), new JobSlot(slot.database(), schedule.get()));
            }
        };
        ExecutionHandler<JobSlot> run = (instance, context) -> {
            String database = instance.getData().database();
            Optional<String> schedule = scheduleOf(kind, database);
            if (schedule.isEmpty()) {
                return (complete, operations) -> operations.remove();
            }
            ConfiguredSchedule next = new ConfiguredSchedule(schedule.get());
            JobSlot slot = new JobSlot(database, schedule.get());
            Optional<JobLock> busy = kind.equals(BACKUP) ? catalog.jobLock(database, clock.instant()) : Optional.empty();
            if (busy.isPresent()) {
                return tryAgainSoon(kind, database, busy.get(), next.after(clock.instant(),
                        context.getExecution().executionTime), slot);
            }
            try {
                job.run(database);
            } catch (Exception failure) {
                catalog.audit(new AuditEntry(clock.instant(), ACTOR, "scheduled " + kind, database, "", "", "failed",
                        String.valueOf(failure.getMessage())));
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            return nextSlot(next, slot);
        };
        return Tasks.custom(kind, JobSlot.class)
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        new ConfiguredSchedule(((JobSlot) complete.getExecution().taskInstance.getData()).schedule())
                                .getNextExecutionTime(complete)))
                .onDeadExecution(deadSlot)
                .execute(run);
    }

    /**
     * The backup's slot found its database busy with another job (a restore, or a CLI backup, in any
     * process): it is not a failure, so it is audited as {@code busy} and tried again after
     * {@link #BUSY_RETRY}, or at its next slot when that comes first.
     */
    private CompletionHandler<JobSlot> tryAgainSoon(String kind, String database, JobLock busy, Instant nextSlot,
                                                    JobSlot slot) {
        Instant now = clock.instant();
        Instant soon = now.plus(BUSY_RETRY);
        Instant retry = nextSlot.isBefore(soon) ? nextSlot : soon;
        catalog.audit(new AuditEntry(now, ACTOR, "scheduled " + kind, database, "", "", "busy",
                "a " + busy.job() + " is running on " + database + "; tried again at " + retry));
        return (complete, operations) -> operations.reschedule(complete, retry, slot);
    }

    private static CompletionHandler<JobSlot> nextSlot(ConfiguredSchedule schedule, JobSlot slot) {
        return (complete, operations) -> operations.reschedule(complete, schedule.getNextExecutionTime(complete), slot);
    }

    private void deadChatJob(com.github.kagkarlsson.scheduler.task.ExecutionComplete complete,
                             com.github.kagkarlsson.scheduler.task.ExecutionOperations<ChatOrder> operations) {
        Execution execution = complete.getExecution();
        ChatOrder order = (ChatOrder) execution.taskInstance.getData();
        dead.end(order.kind(), order.database(), order.user(), execution.pickedBy, execution.executionTime,
                execution.lastHeartbeat);
        operations.remove();
    }

    /** The database's {@code kind} schedule in the config; empty when it has none (or is gone). */
    private Optional<String> scheduleOf(String kind, String database) {
        DatabaseConfig settings = config.databases().get(database);
        if (settings == null) {
            return Optional.empty();
        }
        String schedule = kind.equals(BACKUP) ? settings.schedule()
                : settings.drill().map(drill -> drill.schedule()).orElse("");
        return schedule.isBlank() ? Optional.empty() : Optional.of(schedule);
    }

    /**
     * Makes the {@code kind} instances match the config: a database scheduled now and not before gets an
     * instance at its first slot, one whose schedule changed is moved to the new schedule's first slot,
     * and one no longer scheduled is cancelled (if it is running, it removes itself when it ends). Each
     * replica does this at start; doing it twice at once changes nothing more.
     */
    private void match(String kind, CustomTask<JobSlot> task) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (DatabaseConfig database : config.databases().values()) {
            scheduleOf(kind, database.name()).ifPresent(schedule -> wanted.put(database.name(), schedule));
        }
        Instant now = clock.instant();
        for (ScheduledExecution<JobSlot> existing : jobs.getScheduledExecutionsForTask(kind, JobSlot.class)) {
            JobSlot slot = existing.getData();
            String schedule = wanted.remove(slot.database());
            if (existing.isPicked()) {
                continue;
            }
            try {
                if (schedule == null) {
                    jobs.cancel(existing.getTaskInstance());
                } else if (!schedule.equals(slot.schedule())) {
                    jobs.reschedule(existing.getTaskInstance(), new ConfiguredSchedule(schedule)
                            .getInitialExecutionTime(now), new JobSlot(slot.database(), schedule));
                }
            } catch (RuntimeException changedMeanwhile) {
                // Another replica starting at the same time changed or picked it first.
            }
        }
        wanted.forEach((database, schedule) -> jobs.scheduleIfNotExists(task.instance(database,
                new JobSlot(database, schedule)), new ConfiguredSchedule(schedule).getInitialExecutionTime(now)));
    }
}
