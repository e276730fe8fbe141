package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.core.Upload;
import dev.backstop.engine.SqliteEngine;
import dev.backstop.schedule.Pruner;
import dev.backstop.store.LocalObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit whose answer is lost may still have stored the object: the failed backup deletes it. */
class LostCommitAnswerTest {

    @TempDir
    Path dir;

    /** A store whose data commits succeed but then report failure, as a lost S3 response would. */
    private static final class LostAnswerStore implements ObjectStore {
        private final ObjectStore inner;

        LostAnswerStore(ObjectStore inner) {
            this.inner = inner;
        }

        @Override
        public Upload create(ObjectKey key) throws IOException {
            Upload upload = inner.create(key);
            if (!key.path().endsWith(".zst.age")) {
                return upload;
            }
            return new Upload() {
                @Override
                public OutputStream stream() {
                    return upload.stream();
                }

                @Override
                public void commit() throws IOException {
                    upload.commit();
                    throw new IOException("connection reset before the answer arrived");
                }

                @Override
                public void abort() {
                    upload.abort();
                }
            };
        }

        @Override
        public InputStream open(ObjectKey key) throws IOException {
            return inner.open(key);
        }

        @Override
        public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
            return inner.head(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public void delete(ObjectKey key) throws IOException {
            inner.delete(key);
        }

        @Override
        public String describe() {
            return "lost-answer " + inner.describe();
        }
    }

    @Test
    void an_object_stored_by_a_commit_that_reported_failure_is_deleted() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        ObjectStore local = new LocalObjectStore(dir.resolve("backups"));
        ObjectStore store = new LostAnswerStore(local);
        SqliteEngine engine = new SqliteEngine(world.database, dir.resolve("work"));
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            BackupService service = new BackupService(world.config, database -> engine, store, new ObjectLayout(""),
                    catalog, new JobLocks(catalog, Clock.systemUTC()), new Pruner(store, catalog, database -> Set.of(), database -> engine,
                            Clock.systemUTC()), new ManualTicker(), Clock.systemUTC());

            BackstopException failure = assertThrows(BackstopException.class,
                    () -> service.backup("app", "tester", Progress.NONE));

            assertTrue(failure.getMessage().contains("connection reset before the answer"), failure.getMessage());
            assertEquals(BackupStatus.FAILED, catalog.list("app", 1).get(0).status());
            assertEquals(List.of(), local.list(""), "the object the lost commit stored is gone");
        }
    }
}
