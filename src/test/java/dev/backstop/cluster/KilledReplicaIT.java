package dev.backstop.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.engine.PostgresServer;
import dev.backstop.pipeline.AgeCrypto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} replicas (child JVMs) on one PostgreSQL catalog run three SQLite databases
 * {@code @every 4s} for 30 s; half-way, the replica holding a running backup's job lock is killed with
 * SIGKILL. The catalog must then show every slot run once, no database without a good backup for long,
 * the killed backup failed naming the dead replica, and the survivor doing all the work.
 */
class KilledReplicaIT {

    private static final Duration PERIOD = Duration.ofSeconds(4);
    private static final Duration RUN = Duration.ofSeconds(30);
    /**
     * The detection bound: {@code stall_timeout: 3s} gives a 500 ms heartbeat ({@code JobScheduler.heartbeat}:
     * a sixth of it), dead after 4 missed beats (2 s), looked for every 2 beats (1 s): the survivor ends the
     * dead job within 3 s of the kill, less than one period, so it reschedules the killed database to the
     * very next slot of its rhythm.
     */
    private static final String STALL_TIMEOUT = "3s";
    /**
     * Two periods between the starts of two good backups of one database: the killed slot (its backup
     * failed) is the one slot allowed to be lost; its next slot, one period later, must succeed. Plus
     * what a loaded 2-core machine adds: a poll (200 ms) and the lateness of a busy worker.
     */
    private static final Duration MOST_BETWEEN_GOOD = PERIOD.multipliedBy(2).plusMillis(1500);
    private static final String PASSWORD_VARIABLE = "BACKSTOP_TEST_CATALOG_PASSWORD";
    private static final List<String> DATABASES = List.of("alpha", "beta", "gamma");

    @TempDir
    Path dir;

    @Test
    void a_replica_killed_mid_backup_loses_one_slot_and_the_survivor_takes_its_share() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String catalog = server.freshDatabase("cluster_");
        for (String database : DATABASES) {
            createDatabase(dir.resolve(database + ".db"));
        }
        String recipient = AgeCrypto.generate().recipient();
        Path configA = writeConfig("a", server.url(catalog), recipient);
        Path configB = writeConfig("b", server.url(catalog), recipient);

        Instant started = Instant.now();
        ServeReplica victim = ServeReplica.start(configA, PASSWORD_VARIABLE, PostgresServer.PASSWORD,
                dir.resolve("a.log"));
        ServeReplica survivor = ServeReplica.start(configB, PASSWORD_VARIABLE, PostgresServer.PASSWORD,
                dir.resolve("b.log"));
        String victimLocks = "%:" + victim.pid() + ":%";
        Instant killedAt;
        String killedBackup;
        Instant stopping;
        try (victim; survivor) {
            sleepUntil(started.plus(RUN.dividedBy(2)));
            // Kill the victim while it runs a backup: its lock on a database with a running backup row.
            String held = "";
            Instant giveUp = Instant.now().plus(PERIOD.multipliedBy(3));
            while (held.isEmpty() && Instant.now().isBefore(giveUp)) {
                held = server.sql(catalog, "SELECT b.id FROM job_locks l JOIN backups b ON b.database = l.database"
                        + " AND b.status = 'running' WHERE l.holder LIKE '" + victimLocks + "' LIMIT 1");
                if (held.isEmpty()) {
                    Thread.sleep(20);
                }
            }
            assertFalse(held.isEmpty(), "the victim never held a running backup:\n" + victim.output()
                    + "\n" + server.sql(catalog, "SELECT * FROM job_locks"));
            victim.kill();
            killedAt = Instant.now();
            killedBackup = held;
            assertTrue(survivor.alive(), survivor.output());
            sleepUntil(started.plus(RUN));
            assertTrue(survivor.alive(), survivor.output());
            stopping = Instant.now(); // closing the survivor's stdin ends it after its running backups
        }

        Map<String, List<Row>> byDatabase = new TreeMap<>();
        for (String line : server.sql(catalog, "SELECT database, id, created_at, status, error FROM backups"
                + " ORDER BY database, created_at").split("\n")) {
            String[] cells = line.split("\\|", -1);
            byDatabase.computeIfAbsent(cells[0], database -> new ArrayList<>())
                    .add(new Row(cells[1], Instant.ofEpochMilli(Long.parseLong(cells[2])), cells[3], cells[4]));
        }
        String table = byDatabase.toString();
        assertEquals(DATABASES, List.copyOf(byDatabase.keySet()), table);

        // No slot runs twice. What may legitimately start two backups of one database close together: a
        // backup by someone else (a CLI or chat backup, which none here takes), and a replica that was only
        // paused past stall_timeout, not dead, finishing its backup beside the next slot's (its lock was
        // freed as dead). Here the victim is truly dead and every backup is a scheduled one, a slot refused
        // by a held job lock makes no backup row, and the killed slot is never run again (DeadJobs fails
        // it): so no row is exempt, not even the failed one.
        for (List<Row> rows : byDatabase.values()) {
            for (int index = 1; index < rows.size(); index++) {
                Duration apart = Duration.between(rows.get(index - 1).createdAt(), rows.get(index).createdAt());
                assertTrue(apart.compareTo(PERIOD.dividedBy(2)) >= 0, "a slot ran twice: " + rows.get(index - 1)
                        + " and " + rows.get(index) + " in " + table);
            }
        }

        // No database is left without a good backup for more than two periods, measured from its first
        // good backup (the warm-up: both JVMs starting) to the moment the survivor was told to stop.
        for (Map.Entry<String, List<Row>> database : byDatabase.entrySet()) {
            List<Instant> good = database.getValue().stream().filter(row -> row.status().equals("succeeded"))
                    .map(Row::createdAt).toList();
            assertFalse(good.isEmpty(), table);
            List<Instant> marks = new ArrayList<>(good);
            marks.add(stopping);
            for (int index = 1; index < marks.size(); index++) {
                Duration gap = Duration.between(marks.get(index - 1), marks.get(index));
                assertTrue(gap.compareTo(MOST_BETWEEN_GOOD) <= 0, database.getKey() + " went " + gap
                        + " without a good backup after " + marks.get(index - 1) + ": " + table + "\nsurvivor:\n"
                        + survivor.output());
            }
        }

        assertEquals("", server.sql(catalog, "SELECT id FROM backups WHERE status = 'running'"),
                "a backup was left running");

        // The killed backup: failed, naming the dead replica, audited by backstop.
        Row killed = byDatabase.values().stream().flatMap(List::stream).filter(row -> row.id().equals(killedBackup))
                .findFirst().orElseThrow();
        assertEquals("failed", killed.status(), table);
        assertTrue(killed.error().contains("replica ") && killed.error().contains(":" + victim.pid() + " "),
                killed.error());
        assertEquals("backstop|failed", server.sql(catalog, "SELECT actor, outcome FROM audit_log WHERE backup_id = '"
                + killedBackup + "' AND action = 'backup' AND actor = 'backstop'"), table);

        // The survivor took over the victim's share: every database, the killed one too, got good
        // backups after the kill, one at least every period and a half on average.
        Duration afterKill = Duration.between(killedAt, stopping);
        for (Map.Entry<String, List<Row>> database : byDatabase.entrySet()) {
            long good = database.getValue().stream().filter(row -> row.createdAt().isAfter(killedAt)
                    && row.status().equals("succeeded")).count();
            assertTrue(good >= afterKill.toMillis() / (PERIOD.toMillis() * 3 / 2) - 1, database.getKey() + ": "
                    + good + " good backups in the " + afterKill + " after the kill: " + table);
        }
        assertEquals("", server.sql(catalog, "SELECT database FROM job_locks WHERE holder LIKE '" + victimLocks
                + "'"), "the dead replica's lock outlived it");
    }

    private record Row(String id, Instant createdAt, String status, String error) {
    }

    private Path writeConfig(String replica, String catalogUrl, String recipient) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(replica));
        StringBuilder databases = new StringBuilder();
        for (String database : DATABASES) {
            databases.append("  ").append(database).append(":\n    engine: sqlite\n    path: ../").append(database)
                    .append(".db\n    schedule: \"@every ").append(PERIOD.toSeconds()).append("s\"\n");
        }
        Path config = folder.resolve("backstop.yml");
        Files.writeString(config, """
                catalog: %s
                catalog_password: ${%s}
                work_dir: ./work
                storage:
                  type: local
                  path: ../backups
                encryption:
                  recipients: [%s]
                scheduler:
                  workers: 2
                  poll: 200ms
                  monitor_every: 2s
                  stall_timeout: %s
                databases:
                %s""".formatted(catalogUrl, PASSWORD_VARIABLE, recipient, STALL_TIMEOUT, databases));
        return config;
    }

    /** A few MB of random rows, so a backup takes a noticeable time. */
    private static void createDatabase(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
                    + " INSERT INTO events (payload) SELECT randomblob(1024) FROM n");
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
