package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.FakeEngine;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.schedule.Pruner;
import dev.backstop.store.LocalObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump that dies halfway leaves a failed catalog row and no file in the store at all. */
class InterruptedBackupTest {

    @TempDir
    Path dir;

    /** An engine whose dump writes some megabytes and then fails, as a crashed source would. */
    private static final class DyingEngine extends FakeEngine {
        @Override
        public SourceSnapshot dump(OutputStream out) throws IOException {
            byte[] block = new byte[1 << 20];
            for (int index = 0; index < 3; index++) {
                new java.util.Random(index).nextBytes(block);
                out.write(block);
            }
            throw new IOException("source went away mid-dump");
        }
    }

    @Test
    void an_exception_mid_stream_leaves_no_succeeded_row_and_no_object() throws Exception {
        TestWorld world = new TestWorld(dir);
        Path storeRoot = dir.resolve("backups");
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            BackupService service = new BackupService(world.config, database -> new DyingEngine(),
                    new LocalObjectStore(storeRoot), new ObjectLayout(""), catalog, new JobLocks(catalog, Clock.systemUTC()),
                    new Pruner(new LocalObjectStore(storeRoot), catalog, database -> java.util.Set.of(),
                            database -> new DyingEngine(), Clock.systemUTC()),
                    new ManualTicker(), Clock.systemUTC());
            BackstopException failure = assertThrows(BackstopException.class,
                    () -> service.backup("app", "tester", Progress.NONE));
            assertTrue(failure.getMessage().contains("source went away mid-dump"), failure.getMessage());
            List<BackupRecord> rows = catalog.list("app", 10);
            assertEquals(1, rows.size());
            assertEquals(BackupStatus.FAILED, rows.get(0).status());
            assertEquals("source went away mid-dump", rows.get(0).error());
            assertTrue(catalog.latestSucceeded("app").isEmpty());
            assertEquals("failed", catalog.auditLog(1).get(0).outcome());
        }
        try (Stream<Path> files = Files.walk(storeRoot)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no object, not even a temp file");
        }
    }

    @Test
    void a_missing_source_database_fails_with_its_path() throws Exception {
        TestWorld world = new TestWorld(dir);
        try (var services = world.services()) {
            BackstopException failure = assertThrows(BackstopException.class,
                    () -> services.backups().backup("app", "tester", Progress.NONE));
            assertTrue(failure.getMessage().contains(world.database.toString()), failure.getMessage());
            assertEquals(BackupStatus.FAILED, services.catalog().list("app", 1).get(0).status());
        }
    }
}
