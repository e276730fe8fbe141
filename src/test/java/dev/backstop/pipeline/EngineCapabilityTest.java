package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.Applied;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.NewTargetOnly;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.engine.SqliteEngine;
import dev.backstop.services.Services;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller asks for a capability before it starts a job: a drill of an engine without drill support,
 * and a restore over an existing target of an engine that restores only into new databases, are
 * refused before anything is downloaded, restored or recorded.
 */
class EngineCapabilityTest {

    @TempDir
    Path dir;

    /** Real SQLite underneath, showing only the base engine, plus {@link NewTargetOnly} when asked; counts applies. */
    private static class BareSqlite implements DatabaseEngine {
        final DatabaseEngine real;
        final AtomicInteger applied = new AtomicInteger();

        BareSqlite(DatabaseEngine real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String dumpFormat() {
            return real.dumpFormat();
        }

        @Override
        public String defaultTarget() {
            return real.defaultTarget();
        }

        @Override
        public SourceSnapshot dump(OutputStream out) throws IOException {
            return real.dump(out);
        }

        @Override
        public void restore(InputStream dump, String target) throws IOException {
            apply(dump, target);
        }

        @Override
        public Applied apply(InputStream dump, String target) throws IOException {
            applied.incrementAndGet();
            return real.apply(dump, target);
        }

        @Override
        public List<String> damageProblems(String target) throws IOException {
            return real.damageProblems(target);
        }

        @Override
        public Map<String, Long> rowCounts(String target) throws IOException {
            return real.rowCounts(target);
        }
    }

    private static final class NewFilesOnly extends BareSqlite implements NewTargetOnly {
        NewFilesOnly(DatabaseEngine real) {
            super(real);
        }

        @Override
        public boolean exists(String target) {
            return Files.exists(Path.of(target));
        }
    }

    @Test
    void a_drill_of_an_engine_without_drill_support_is_refused_before_it_starts() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(5);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            BareSqlite engine = new BareSqlite(new SqliteEngine(world.database, dir.resolve("work")));
            DrillService drills = new DrillService(world.config, database -> engine, services.restores(),
                    services.store(), services.layout(), services.catalog(), new BackupsInUse(services.catalog(), Clock.systemUTC()), Clock.systemUTC());

            BackstopException refused = assertThrows(BackstopException.class,
                    () -> drills.drill("app", backup.id(), "tester", Progress.NONE));

            assertEquals("the sqlite engine of app cannot run drills; remove databases.app.drill, and check its"
                    + " backups with `backstop verify app latest`", refused.getMessage());
            assertEquals(0, engine.applied.get());
            assertTrue(services.catalog().lastDrill("app", false).isEmpty());
        }
    }

    @Test
    void a_restore_over_an_existing_target_of_a_new_target_only_engine_is_refused_before_the_download() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(5);
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "someone's data");
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            NewFilesOnly engine = new NewFilesOnly(new SqliteEngine(world.database, dir.resolve("work")));
            RestoreService restores = new RestoreService(world.config, database -> engine, services.store(),
                    services.catalog(), new JobLocks(services.catalog(), Clock.systemUTC()), dir.resolve("work"),
                    new RunningJobs(Duration.ofMinutes(1), new ManualTicker(), Clock.systemUTC()), Clock.systemUTC());

            BackstopException refused = assertThrows(BackstopException.class,
                    () -> restores.restore(backup, existing.toString(), "tester", Progress.NONE));

            assertEquals(existing + " already exists, and the sqlite engine restores only into a new database;"
                    + " name a new target with --to", refused.getMessage());
            assertEquals(0, engine.applied.get());
            assertEquals("someone's data", Files.readString(existing));

            Path fresh = dir.resolve("fresh.db");
            restores.restore(backup, fresh.toString(), "tester", Progress.NONE);
            assertEquals(1, engine.applied.get());
            assertEquals(5L, TestWorld.rowCounts(fresh).get("orders"));
        }
    }

    @Test
    void an_engine_that_does_not_override_describe_never_shows_a_password() {
        BareSqlite engine = new BareSqlite(new SqliteEngine(dir.resolve("app.db"), dir.resolve("work")));
        assertEquals("mysql://ops:***@db:3306/shop", engine.describe("mysql://ops:hunter2@db:3306/shop"));
        assertEquals("postgresql://db/shop?password=***", engine.describe("postgresql://db/shop?password=hunter2"));
        assertFalse(engine.describe("x://a:b:c@host/d").contains("b:c"));
    }
}
