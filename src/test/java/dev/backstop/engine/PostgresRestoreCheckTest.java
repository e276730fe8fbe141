package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL restore is checked against the manifest before it is called done, and a file path is refused. */
class PostgresRestoreCheckTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path home;

    @Test
    void a_restore_whose_row_counts_differ_from_the_manifest_is_a_failure() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE checked");
        SERVER.sql("checked", "CREATE TABLE items (id int PRIMARY KEY);"
                + " INSERT INTO items SELECT g FROM generate_series(1, 30) g;");
        try (Services services = services("checked", SERVER.url("checked"))) {
            BackupRecord backup = services.backups().backup("checked", "tester", Progress.NONE);
            Path manifest = home.resolve("backups").resolve(backup.manifestKey());
            String json = Files.readString(manifest);
            assertTrue(json.contains("\"public.items\" : 30"), json);
            Files.writeString(manifest, json.replace("\"public.items\" : 30", "\"public.items\" : 31"));

            String target = SERVER.url("checked_copy");
            BackstopException failure = assertThrows(BackstopException.class,
                    () -> services.restores().restore(backup, target, "tester", Progress.NONE));

            assertTrue(failure.getMessage().contains("ran, but its row counts differ from the backup's manifest:"
                    + " public.items 30 vs 31"), failure.getMessage());
            assertFalse(failure.getMessage().contains(PostgresServer.PASSWORD));
            assertFalse(failure.getMessage().contains("\n"));
            AuditEntry entry = lastRestore(services);
            assertEquals("failed", entry.outcome());
            assertTrue(entry.detail().contains("public.items 30 vs 31"), entry.detail());
        }
    }

    @Test
    void a_restore_of_a_postgres_backup_to_a_file_path_is_refused_before_anything_is_read() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE pathless");
        SERVER.sql("pathless", "CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1);");
        Path file = home.resolve("restored.db");
        PostgresEngine engine = new PostgresEngine(SERVER.url("pathless"), PostgresServer.PASSWORD, home);
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the dump must not be read");
            }
        };
        BackstopException direct = assertThrows(BackstopException.class, () -> engine.restore(unread, file.toString()));
        assertEquals("cannot restore a postgres backup into that target: not a postgresql:// URL: " + file
                + "; name one like postgresql://USER@HOST:PORT/DB", direct.getMessage());

        try (Services services = services("pathless", SERVER.url("pathless"))) {
            BackupRecord backup = services.backups().backup("pathless", "tester", Progress.NONE);
            BackstopException refused = assertThrows(BackstopException.class,
                    () -> services.restores().restore(backup, "mysql://db/pathless", "tester", Progress.NONE));
            assertTrue(refused.getMessage().startsWith("cannot restore a postgres backup into that target"),
                    refused.getMessage());
            assertEquals("failed", lastRestore(services).outcome());
        }
        assertFalse(Files.exists(file));
        assertEquals(List.of(), SERVER.databases().stream().filter(name -> name.startsWith("pathless_")).toList());
    }

    private static AuditEntry lastRestore(Services services) {
        List<AuditEntry> restores = services.catalog().auditLog(50).stream()
                .filter(entry -> entry.action().equals("restore")).toList();
        return restores.get(restores.size() - 1);
    }

    private Services services(String database, String url) throws IOException {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        Path identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        DatabaseConfig settings = new DatabaseConfig(database, new PostgresSettings(url, PostgresServer.PASSWORD), false, "",
                Duration.ofHours(25), RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        BackstopConfig config = new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(key.recipient()), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(database, settings));
        return Wiring.services(config, Clock.systemUTC());
    }
}
