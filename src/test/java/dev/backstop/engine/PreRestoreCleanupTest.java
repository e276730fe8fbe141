package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.Eventually;
import dev.backstop.cli.BackstopCli;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune and the backup after it drop a PostgreSQL database's expired pre-restore copies, and nothing else. */
class PreRestoreCleanupTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path home;

    private final AgeCrypto.AgeKey key = AgeCrypto.generate();

    record Result(int status, String out, String err) {
    }

    private BackstopConfig config(String database) throws IOException {
        Path identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        String recipient = key.recipient();
        DatabaseConfig settings = new DatabaseConfig(database, new PostgresSettings(SERVER.url(database), PostgresServer.PASSWORD),
                false, "", Duration.ofHours(25), RetentionPolicy.KEEP_ALL,
                DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        return new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(recipient), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(database, settings));
    }

    private Result cli(String database, Clock clock, String... args) throws IOException {
        BackstopConfig config = config(database);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(file -> Wiring.services(config, clock), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private List<AuditEntry> drops(String database, Clock clock) throws IOException {
        try (Services services = Wiring.services(config(database), clock)) {
            return services.catalog().auditLog(100).stream()
                    .filter(entry -> entry.action().equals("drop pre-restore")).toList();
        }
    }

    private static void create(String... databases) {
        for (String database : databases) {
            SERVER.sql("postgres", "CREATE DATABASE " + PostgresRestore.identifier(database));
        }
    }

    private static String daysAgo(int days) {
        return STAMP.format(Instant.now().minus(Duration.ofDays(days)));
    }

    @Test
    void prune_drops_only_this_databases_copies_past_the_keep_window_and_a_dry_run_drops_nothing() throws IOException {
        String expired = "tidy_pre_restore_20200101_000000";
        String justExpired = "tidy_pre_restore_" + daysAgo(8);
        String young = "tidy_pre_restore_" + daysAgo(6);
        List<String> others = List.of("tidy", "tidy2_pre_restore_20200101_000000",
                "tidy_pre_restore_20200101_000000_keep", "tidy_pre_restore_20201301_000000",
                "old_tidy_pre_restore_20200101_000000", "Tidy_pre_restore_20200101_000000");
        create(expired, justExpired, young);
        create(others.toArray(String[]::new));

        Result preview = cli("tidy", Clock.systemUTC(), "prune", "tidy", "--dry-run");
        assertEquals(0, preview.status(), preview.err());
        assertTrue(preview.out().matches("(?s).*" + expired + " +drop +older than keep_pre_restore 7d.*"), preview.out());
        assertTrue(preview.out().matches("(?s).*" + justExpired + " +drop .*"), preview.out());
        assertTrue(preview.out().matches("(?s).*" + young + " +keep +younger than keep_pre_restore 7d.*"), preview.out());
        assertTrue(preview.out().contains("1 kept, 2 would be dropped (dry run)"), preview.out());
        others.forEach(name -> assertFalse(preview.out().contains(name + " "), preview.out()));
        assertTrue(SERVER.databases().containsAll(List.of(expired, justExpired, young)), "a dry run drops nothing");

        Result prune = cli("tidy", Clock.systemUTC(), "--as", "ops:alice", "prune", "tidy");
        assertEquals(0, prune.status(), prune.err());
        assertTrue(prune.out().contains("dropped " + expired + "\ndropped " + justExpired + "\n"
                + "2 pre-restore databases dropped"), prune.out());
        List<String> left = SERVER.databases();
        assertFalse(left.contains(expired), left.toString());
        assertFalse(left.contains(justExpired), left.toString());
        assertTrue(left.contains(young), left.toString());
        assertTrue(left.containsAll(others), left.toString());

        List<AuditEntry> audit = drops("tidy", Clock.systemUTC());
        assertEquals(2, audit.size());
        for (AuditEntry entry : audit) {
            assertEquals(List.of("ops:alice", "tidy", "succeeded"), List.of(entry.actor(), entry.database(),
                    entry.outcome()));
            assertFalse(entry.target().contains(PostgresServer.PASSWORD), entry.target());
        }
        assertEquals(SERVER.url(expired), audit.get(0).target());
    }

    @Test
    void the_copy_a_real_restore_leaves_is_kept_for_the_window_then_dropped_by_the_next_scheduled_backup()
            throws IOException {
        create("tidy_swap");
        SERVER.sql("tidy_swap", "CREATE TABLE notes (id int PRIMARY KEY); INSERT INTO notes VALUES (1), (2);");
        try (Services now = Wiring.services(config("tidy_swap"), Clock.systemUTC())) {
            now.backups().backup("tidy_swap", "scheduler", Progress.NONE);
            now.restores().restore(now.restores().resolve("tidy_swap", "latest"), SERVER.url("tidy_swap"), "tester",
                    Progress.NONE);
            now.backups().backup("tidy_swap", "scheduler", Progress.NONE);
        }
        List<String> copies = SERVER.databases().stream().filter(name -> name.startsWith("tidy_swap_pre_restore_"))
                .toList();
        assertEquals(1, copies.size(), "the restore set the old database aside and the backup kept it");

        Clock aWeekLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(7).plusHours(1));
        try (Services later = Wiring.services(config("tidy_swap"), aWeekLater)) {
            later.backups().backup("tidy_swap", "scheduler", Progress.NONE);
        }

        assertFalse(SERVER.databases().contains(copies.get(0)), SERVER.databases().toString());
        assertEquals("2", SERVER.sql("tidy_swap", "SELECT count(*) FROM notes"));
        List<AuditEntry> audit = drops("tidy_swap", aWeekLater);
        assertEquals(1, audit.size());
        assertEquals(List.of("scheduler", "succeeded", SERVER.url(copies.get(0))),
                List.of(audit.get(0).actor(), audit.get(0).outcome(), audit.get(0).target()));
    }

    @Test
    void a_copy_someone_still_reads_is_left_and_the_failure_is_one_line_and_audited() throws Exception {
        String copy = "tidy_busy_pre_restore_20200101_000000";
        create("tidy_busy", copy);
        Process reader = SERVER.startSession(copy, "SELECT pg_sleep(60)");
        try {
            Eventually.waitUntil("a session on " + copy, () -> SERVER.sql("postgres",
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + copy + "'").equals("1"));

            Result prune = cli("tidy_busy", Clock.systemUTC(), "--as", "ops:bob", "prune", "tidy_busy");

            assertEquals(1, prune.status());
            assertEquals("backstop: cannot drop " + SERVER.url(copy)
                    + ": it is still in use; close the sessions on it and prune again\n", prune.err());
            assertTrue(SERVER.databases().contains(copy));
            AuditEntry failed = drops("tidy_busy", Clock.systemUTC()).get(0);
            assertEquals(List.of("ops:bob", "failed"), List.of(failed.actor(), failed.outcome()));
        } finally {
            SERVER.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + copy + "'");
            reader.destroy();
        }
        Eventually.waitUntil("the session on " + copy + " to end", () -> SERVER.sql("postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + copy + "'").equals("0"));
        assertEquals(0, cli("tidy_busy", Clock.systemUTC(), "prune", "tidy_busy").status());
        assertFalse(SERVER.databases().contains(copy));
    }
}
