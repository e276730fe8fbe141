package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.engine.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The PostgreSQL script of db-scheduler's table, on the real PostgreSQL 15 harness, runs scheduled jobs. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class PostgresScheduledTasksTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void the_v11_postgresql_script_holds_db_scheduler_slots_that_run() throws Exception {
        String database = SERVER.freshDatabase("jobs_");
        String script;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("db/migration/postgresql/V11__scheduled_tasks.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SERVER.sql(database, script);
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setUrl("jdbc:postgresql://127.0.0.1:" + SERVER.port() + "/" + database);
        postgres.setUser(PostgresServer.USER);
        postgres.setPassword(PostgresServer.PASSWORD);

        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofMinutes(10), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        SchedulerWorld world = new SchedulerWorld(dir, Clock.systemUTC(), settings, Map.of("app", List.of("@every 1s", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog());
             JobScheduler scheduler = JobScheduler.start(postgres, world.config, catalog, world.backup(catalog, "pg"),
                     name -> { }, world.monitor(catalog, world.config, () -> { }), null, Clock.systemUTC(), "pg-replica",
                     failed -> { })) {
            Thread.sleep(3_500);
        }
        assertTrue(world.count("backup app") >= 2, "runs in 3.5 s every 1 s: " + world.runs);
        assertEquals("backup|app", SERVER.sql(database, "SELECT task_name || '|' || task_instance FROM scheduled_tasks"
                + " WHERE task_name = 'backup'"));
        assertEquals("monitor|recurring", SERVER.sql(database, "SELECT task_name || '|' || task_instance FROM"
                + " scheduled_tasks WHERE task_name = 'monitor'"));
    }
}
