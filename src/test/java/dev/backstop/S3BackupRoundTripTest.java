package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.engine.DemoDatabase;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.services.Services;
import dev.backstop.store.S3ProxyServer;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sqlite database backed up to S3 (s3proxy) through the wired services and restored from it. */
final class S3BackupRoundTripTest {

    private final S3ProxyServer server = S3ProxyServer.shared();

    @TempDir
    Path dir;

    private BackstopConfig config(StorageConfig storage) throws Exception {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        Path identity = Files.writeString(dir.resolve("age.key"), "# test key\n" + key.identity() + "\n");
        Path source = dir.resolve("app.db");
        if (!Files.exists(source)) {
            DemoDatabase.create(source);
        }
        DatabaseConfig app = new DatabaseConfig("app", new SqliteSettings(source), false, "0 2 * * *",
                Duration.ofHours(25), RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "#ops");
        SlackSettings slack = new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(),
                Duration.ofHours(1));
        return new BackstopConfig(dir.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(dir.resolve("catalog.db")), storage,
                new EncryptionConfig(List.of(key.recipient()), identity), slack, 3000, Map.of("app", app));
    }

    private static long count(Path database, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return rows.getLong(1);
        }
    }

    @Test
    void a_backup_goes_to_the_bucket_under_the_prefix_and_restores_intact() throws Exception {
        String bucket = server.createBucket();
        StorageConfig storage = new StorageConfig("s3", null, bucket, "team-a", server.endpoint().toString(),
                "us-east-1", true, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, StorageConfig.DEFAULT_PART_SIZE);

        try (Services services = Wiring.services(config(storage), Clock.systemUTC())) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            Path restored = dir.resolve("restored.db");
            services.restores().restore(services.restores().resolve("app", "latest"), restored.toString(),
                    "tester", Progress.NONE);

            assertEquals(BackupStatus.SUCCEEDED, backup.status());
            assertEquals(List.of(backup.objectKey(), backup.manifestKey()).stream().sorted().toList(),
                    server.keys(bucket));
            assertTrue(backup.objectKey().startsWith("team-a/app/"), backup.objectKey());
            assertEquals(50, count(restored, "products"));
            assertEquals(1000, count(restored, "orders"));
            assertEquals(List.of(), server.pendingUploads(bucket));
        }
    }

    @Test
    void a_backup_to_a_missing_bucket_fails_with_one_clear_line() throws Exception {
        StorageConfig storage = new StorageConfig("s3", null, "missing-bucket", "", server.endpoint().toString(),
                "us-east-1", true, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, StorageConfig.DEFAULT_PART_SIZE);

        try (Services services = Wiring.services(config(storage), Clock.systemUTC())) {
            BackstopException thrown = assertThrows(BackstopException.class,
                    () -> services.backups().backup("app", "tester", Progress.NONE));

            assertEquals("backup of app failed: bucket missing-bucket does not exist at " + server.endpoint()
                    + ": create it or fix storage.bucket", thrown.getMessage());
            assertEquals(BackupStatus.FAILED, services.catalog().list("app", 1).get(0).status());
        }
    }
}
