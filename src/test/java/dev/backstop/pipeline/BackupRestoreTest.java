package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.backstop.TestWorld;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {

    @TempDir
    Path dir;

    @Test
    void a_backup_restores_to_a_database_with_the_same_row_counts() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(5_000);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            assertEquals(BackupStatus.SUCCEEDED, backup.status());
            Path restored = dir.resolve("restored.db");
            services.restores().restore(services.restores().resolve("app", "latest"), restored.toString(), "tester",
                    Progress.NONE);
            assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(restored));
            assertEquals("ok", TestWorld.integrityCheck(restored));
            assertEquals(Map.of("customers", 20L, "orders", 5_000L), TestWorld.rowCounts(restored));
        }
    }

    @Test
    void the_manifest_lands_beside_the_object_with_row_counts_and_checksums() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            Path manifestFile = dir.resolve("backups").resolve(backup.manifestKey());
            assertTrue(backup.manifestKey().matches("app/\\d{4}/\\d{2}/\\d{2}/" + backup.id() + "\\.manifest\\.json"));
            Manifest manifest;
            try (InputStream in = Files.newInputStream(manifestFile)) {
                manifest = ManifestCodec.decode(in);
            }
            assertEquals(backup.id(), manifest.id());
            assertEquals("sqlite", manifest.engine());
            assertEquals(backup.sha256(), manifest.objectSha256());
            assertEquals(backup.sizeBytes(), manifest.objectSizeBytes());
            assertEquals(Files.size(dir.resolve("backups").resolve(backup.objectKey())), manifest.objectSizeBytes());
            assertEquals(backup.rawSha256(), manifest.dumpSha256());
            assertEquals(Map.of("customers", 20L, "orders", 100L), manifest.tableRowCounts());
            assertTrue(manifest.toolVersion().startsWith("backstop"));
            assertTrue(manifest.source().containsKey("sqlite_version"));
        }
    }

    @Test
    void backup_ids_sort_by_time() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(10);
        try (Services services = world.services()) {
            String first = services.backups().backup("app", "tester", Progress.NONE).id();
            String second = services.backups().backup("app", "tester", Progress.NONE).id();
            assertTrue(first.compareTo(second) < 0, first + " should sort before " + second);
            assertEquals(List.of(second, first), services.catalog().list("app", 10).stream().map(BackupRecord::id).toList());
        }
    }

    private Path storedObjectOfOneBackup(TestWorld world) throws Exception {
        world.createDatabase(1_000);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            return dir.resolve("backups").resolve(backup.objectKey());
        }
    }

    @Test
    void the_stored_object_decrypts_with_only_the_identity_and_is_a_zstd_stream_of_the_database() throws Exception {
        TestWorld world = new TestWorld(dir);
        Path object = storedObjectOfOneBackup(world);
        Path plain = dir.resolve("plain.db");
        try (InputStream in = new ZstdInputStream(AgeCrypto.decrypt(Files.newInputStream(object),
                List.of(world.key.identity())))) {
            Files.copy(in, plain);
        }
        assertEquals("ok", TestWorld.integrityCheck(plain));
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(plain));
    }

    @Test
    void stock_age_and_zstd_recover_a_database_that_passes_integrity_check() throws Exception {
        TestWorld world = new TestWorld(dir);
        Path object = storedObjectOfOneBackup(world);
        Path plain = dir.resolve("stock.db");
        Process chain = new ProcessBuilder("sh", "-c", "age -d -i \"$1\" \"$2\" | zstd -d -q > \"$3\"", "sh",
                world.identityFile.toString(), object.toString(), plain.toString()).redirectErrorStream(true).start();
        String output = new String(chain.getInputStream().readAllBytes());
        assertEquals(0, chain.waitFor(), "stock age | zstd failed (apt-get install age zstd): " + output);
        assertEquals("ok", TestWorld.integrityCheck(plain));
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(plain));
    }

    @Test
    void verify_reads_the_whole_backup_without_touching_the_database() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(500);
        byte[] before;
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            before = Files.readAllBytes(world.database);
            RestoreService.Verified verified = services.restores().verify(backup, "tester", Progress.NONE);
            assertEquals(backup.rawSizeBytes(), verified.dumpBytes());
        }
        assertArrayEquals(before, Files.readAllBytes(world.database));
    }

    @Test
    void restoring_over_a_live_wal_database_leaves_it_consistent() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(300);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            try (var connection = TestWorld.open(world.database)) {
                connection.setAutoCommit(false);
                TestWorld.insertOrders(connection, 700);
                connection.commit();
                assertTrue(Files.exists(Path.of(world.database + "-wal")), "the database should have a WAL file");
                services.restores().restore(backup, null, "tester", Progress.NONE);
                try (var statement = connection.createStatement();
                     var row = statement.executeQuery("SELECT count(*) FROM orders")) {
                    assertEquals(300, row.getLong(1), "an open connection sees the restored data");
                }
            }
            assertEquals("ok", TestWorld.integrityCheck(world.database));
            assertEquals(Map.of("customers", 20L, "orders", 300L), TestWorld.rowCounts(world.database));
        }
    }

    @Test
    void a_second_job_on_the_same_database_is_refused_while_one_runs() {
        try (dev.backstop.catalog.Catalog catalog = dev.backstop.catalog.Catalog.open(dir.resolve("locks.db"))) {
            JobLocks locks = new JobLocks(catalog, java.time.Clock.systemUTC());
            try (JobLocks.Held held = locks.acquire("app", "backup", "alice")) {
                BackstopException refused = assertThrows(BackstopException.class,
                        () -> locks.acquire("app", "restore", "bob"));
                assertTrue(refused.getMessage().contains("backup started by alice"), refused.getMessage());
                locks.acquire("other", "backup", "bob").close();
            }
            locks.acquire("app", "restore", "bob").close();
        }
    }

    @Test
    void the_audit_log_records_backups_restores_and_verifies_with_their_actor() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(10);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "alice", Progress.NONE);
            services.restores().verify(backup, "bob", Progress.NONE);
            services.restores().restore(backup, dir.resolve("copy.db").toString(), "carol", Progress.NONE);
            var entries = services.catalog().auditLog(10);
            assertEquals(List.of("backup alice succeeded", "verify bob succeeded", "restore carol succeeded"),
                    entries.stream().map(entry -> entry.action() + " " + entry.actor() + " " + entry.outcome()).toList());
            assertFalse(entries.get(2).target().isEmpty());
        }
    }
}
