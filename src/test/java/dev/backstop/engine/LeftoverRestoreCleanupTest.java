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

/**
 * On a real server, prune drops a {@code <db>_restoring_<stamp>} database that a stopped restore left,
 * and keeps one that is young or has a session, as a restore still loading would.
 */
class LeftoverRestoreCleanupTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final String DATABASE = "stray";

    @TempDir
    Path home;

    private final AgeCrypto.AgeKey key = AgeCrypto.generate();

    private BackstopConfig config() throws IOException {
        Path identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        DatabaseConfig settings = new DatabaseConfig(DATABASE, new PostgresSettings(SERVER.url(DATABASE), PostgresServer.PASSWORD),
                false, "", Duration.ofHours(25), RetentionPolicy.KEEP_ALL,
                DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        return new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(key.recipient()), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(DATABASE, settings));
    }

    private String prune(String... args) throws IOException {
        BackstopConfig config = config();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(file -> Wiring.services(config, Clock.systemUTC()), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
        assertEquals(0, status, err.toString());
        assertEquals("", err.toString());
        return out.toString();
    }

    private List<AuditEntry> drops() throws IOException {
        try (Services services = Wiring.services(config(), Clock.systemUTC())) {
            return services.catalog().auditLog(100).stream()
                    .filter(entry -> entry.action().equals("drop leftover restore")).toList();
        }
    }

    private static int sessionsOn(String database) {
        return Integer.parseInt(SERVER.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                + database + "'"));
    }

    @Test
    void prune_drops_a_stopped_restores_database_and_keeps_young_and_busy_ones_and_other_names() throws Exception {
        String stopped = DATABASE + "_restoring_20200101_000000";
        String busy = DATABASE + "_restoring_20200102_000000";
        String fresh = DATABASE + "_restoring_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
                .withZone(ZoneOffset.UTC).format(Instant.now().minus(Duration.ofHours(1)));
        List<String> others = List.of("stray2_restoring_20200101_000000", "stray_restoring_20200101_000000_keep",
                "old_stray_restoring_20200101_000000", "stray_restoring_20201301_000000");
        List<String> created = concat(List.of(DATABASE, stopped, busy, fresh), others);
        for (String name : created) {
            SERVER.sql("postgres", "CREATE DATABASE " + PostgresRestore.identifier(name));
        }
        try {
            pruneKeepsWhatMayStillLoad(stopped, busy, fresh, others);
        } finally {
            for (String name : created) { // other tests expect no _restoring_ database on the shared server
                SERVER.sql("postgres", "DROP DATABASE IF EXISTS " + PostgresRestore.identifier(name) + " WITH (FORCE)");
            }
        }
    }

    private void pruneKeepsWhatMayStillLoad(String stopped, String busy, String fresh, List<String> others)
            throws Exception {
        Process loader = SERVER.startSession(busy, "SELECT pg_sleep(60)");
        try {
            Eventually.waitUntil("a session on " + busy, () -> sessionsOn(busy) == 1);

            String preview = prune("prune", DATABASE, "--dry-run");
            assertTrue(preview.matches("(?s).*" + stopped + " +drop +leftover of a restore started \\d+d( \\d+h)?( \\d+m)?( \\d+s)? ago,"
                    + " no sessions.*"), preview);
            assertTrue(preview.matches("(?s).*" + busy + " +keep +1 session open, may still be loading.*"), preview);
            assertTrue(preview.matches("(?s).*" + fresh + " +keep +started 1h( \\d+m)?( \\d+s)? ago, may still be loading.*"),
                    preview);
            assertTrue(preview.contains("2 kept, 1 would be dropped (dry run)"), preview);
            others.forEach(name -> assertFalse(preview.contains(name + " "), preview));
            assertTrue(SERVER.databases().contains(stopped), "a dry run drops nothing");

            String pruned = prune("--as", "ops:alice", "prune", DATABASE);
            assertTrue(pruned.contains("dropped " + stopped + "\n1 leftover restore databases dropped\n"), pruned);
            List<String> left = SERVER.databases();
            assertFalse(left.contains(stopped), left.toString());
            assertTrue(left.containsAll(concat(List.of(DATABASE, busy, fresh), others)), left.toString());
            assertEquals(1, sessionsOn(busy), "prune never ends a session");

            List<AuditEntry> audit = drops();
            assertEquals(1, audit.size());
            assertEquals(List.of("ops:alice", DATABASE, SERVER.url(stopped), "succeeded",
                    "restore started at 2020-01-01T00:00:00Z, no sessions, older than 24h"),
                    List.of(audit.get(0).actor(), audit.get(0).database(), audit.get(0).target(),
                            audit.get(0).outcome(), audit.get(0).detail()));
        } finally {
            SERVER.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + busy + "'");
            loader.destroy();
        }
        Eventually.waitUntil("the session on " + busy + " to end", () -> sessionsOn(busy) == 0);

        try (Services services = Wiring.services(config(), Clock.systemUTC())) {
            services.backups().backup(DATABASE, "scheduler", Progress.NONE);
        }
        assertFalse(SERVER.databases().contains(busy), "the backup after the load stopped drops it");
        assertTrue(SERVER.databases().contains(fresh));
        assertEquals("scheduler", drops().get(1).actor());
    }


    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
