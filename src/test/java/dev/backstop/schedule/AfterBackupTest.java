package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.core.Upload;
import dev.backstop.engine.Engines;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.pipeline.ManualTicker;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.store.LocalObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pruner as the backup's {@code AfterBackup}: a prune the store refuses is audited with its reason, the
 * backup still succeeds, and the sweeps after it (here the leftover-file sweep) still run.
 */
class AfterBackupTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now());

    /** The real local store, except that it refuses to delete. */
    private static final class RefusingDeletes implements ObjectStore {
        private final LocalObjectStore store;

        RefusingDeletes(LocalObjectStore store) {
            this.store = store;
        }

        @Override
        public Upload create(ObjectKey key) throws IOException {
            return store.create(key);
        }

        @Override
        public InputStream open(ObjectKey key) throws IOException {
            return store.open(key);
        }

        @Override
        public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
            return store.head(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public void delete(ObjectKey key) throws IOException {
            throw new IOException("delete of " + key.path() + " refused");
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    @Test
    void a_refused_prune_is_audited_and_the_leftover_sweep_after_it_still_runs() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(20);
        DatabaseConfig app = world.config.databases().get("app");
        DatabaseConfig lastOne = new DatabaseConfig("app", app.settings(), false, "", Duration.ofHours(25),
                new RetentionPolicy(1, 0, 0, 0), app.keepPreRestore(), Optional.empty(), "");
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(),
                world.config.storage(), world.config.encryption(), world.config.slack(), world.config.httpPort(),
                Map.of("app", lastOne));
        Path storeRoot = world.config.storage().path();
        Path workDir = dir.resolve("work");
        ObjectStore store = new RefusingDeletes(new LocalObjectStore(storeRoot));
        try (Catalog catalog = Catalog.open(config.catalog())) {
            Pruner pruner = new Pruner(store, catalog, database -> Set.of(),
                    database -> Engines.create(database, workDir, clock),
                    new LeftoverFiles(workDir, Optional.of(storeRoot)), clock);
            BackupService backups = new BackupService(config, database -> Engines.create(database, workDir, clock),
                    store, new ObjectLayout(""), catalog, new JobLocks(catalog, clock), pruner, new ManualTicker(), clock);

            BackupRecord first = backups.backup("app", "cron", Progress.NONE);
            Path leftover = workDir.resolve(".backstop-snapshot-111.db");
            Files.createDirectories(workDir);
            Files.write(leftover, new byte[4096]);
            Files.setLastModifiedTime(leftover, FileTime.from(clock.instant().minus(Duration.ofDays(2))));
            clock.advance(Duration.ofMinutes(1));
            BackupRecord second = backups.backup("app", "cron", Progress.NONE);

            assertEquals(BackupStatus.SUCCEEDED, second.status());
            assertEquals(BackupStatus.SUCCEEDED, catalog.find("app", first.id()).orElseThrow().status(),
                    "the refused prune left the older backup as it was");
            List<AuditEntry> failedPrunes = catalog.auditLog(100).stream()
                    .filter(entry -> entry.action().equals("prune") && entry.outcome().equals("failed")).toList();
            assertEquals(1, failedPrunes.size(), failedPrunes.toString());
            assertEquals("cron", failedPrunes.get(0).actor());
            assertEquals("delete of " + first.objectKey() + " refused", failedPrunes.get(0).detail());
            assertTrue(Files.notExists(leftover), "the leftover-file sweep ran after the refused prune");
        }
    }
}
