package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.SourceSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every engine promises, run against each real engine by a subclass of a few lines: it makes a
 * source holding {@code items} (500 rows) and {@code notes} (3 rows), new and existing targets, and says
 * whether a target exists. The engine's password is {@link #PASSWORD}.
 */
abstract class DatabaseEngineContract {

    static final String PASSWORD = "Contract-pw-5521";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path work;

    /** The engine of a new source named {@code name}, holding {@code items} (500 rows) and {@code notes} (3). */
    abstract DatabaseEngine seededEngine(String name) throws Exception;

    /** A target named after {@code name} that does not exist. */
    abstract String newTarget(String name);

    /** A target named after {@code name} that exists and holds one table {@code keep} of 7 rows. */
    abstract String existingTarget(String name) throws Exception;

    abstract boolean exists(String target) throws Exception;

    /** {@code target} spelled with {@code password} in it, as a person might paste it. */
    abstract String withPassword(String target, String password);

    /** A name no other test on a shared server uses. */
    static String unique(String what) {
        return "contract_" + NAMES.incrementAndGet() + "_" + what;
    }

    private record Dumped(byte[] bytes, SourceSnapshot snapshot) {
    }

    private static Dumped dump(DatabaseEngine engine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceSnapshot snapshot = engine.dump(out);
        return new Dumped(out.toByteArray(), snapshot);
    }

    @Test
    void a_round_trip_restores_the_row_counts_of_the_dump() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        Dumped dumped = dump(engine);
        assertEquals(500L, dumped.snapshot().tableRowCounts().get(engine.tableKey("items")));
        assertEquals(3L, dumped.snapshot().tableRowCounts().get(engine.tableKey("notes")));
        String target = newTarget(unique("copy"));

        engine.restore(new ByteArrayInputStream(dumped.bytes()), target);

        assertEquals(dumped.snapshot().tableRowCounts(), engine.rowCounts(target));
        assertEquals(java.util.List.of(), engine.damageProblems(target));
    }

    @Test
    void row_count_keys_are_the_snapshots_keys() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        assertEquals(dump(engine).snapshot().tableRowCounts().keySet(), engine.rowCounts(engine.defaultTarget()).keySet());
    }

    @Test
    void a_dump_that_throws_midway_leaves_a_new_target_absent_and_an_existing_one_as_it_was() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        byte[] bytes = dump(engine).bytes();
        String fresh = newTarget(unique("fresh"));
        String existing = existingTarget(unique("existing"));

        assertThrows(IOException.class, () -> engine.restore(failingAfter(bytes, bytes.length / 2), fresh));
        assertThrows(IOException.class, () -> engine.restore(failingAfter(bytes, bytes.length / 2), existing));

        assertFalse(exists(fresh), fresh + " was created");
        assertEquals(Map.of(engine.tableKey("keep"), 7L), engine.rowCounts(existing));
    }

    @Test
    void a_truncated_dump_leaves_a_new_target_absent_and_an_existing_one_as_it_was() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        byte[] bytes = dump(engine).bytes();
        byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
        String fresh = newTarget(unique("fresh"));
        String existing = existingTarget(unique("existing"));

        assertThrows(IOException.class, () -> engine.restore(new ByteArrayInputStream(half), fresh));
        assertThrows(IOException.class, () -> engine.restore(new ByteArrayInputStream(half), existing));

        assertFalse(exists(fresh), fresh + " was created");
        assertEquals(Map.of(engine.tableKey("keep"), 7L), engine.rowCounts(existing));
    }

    @Test
    void a_scratch_target_is_never_the_source_and_dropping_it_twice_is_fine() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        DrillSupport drills = engine.capability(DrillSupport.class).orElseThrow();
        String scratch = drills.scratchTarget("contract_" + NAMES.incrementAndGet());
        assertFalse(engine.isSource(scratch), scratch);
        assertTrue(engine.isSource(engine.defaultTarget()));

        engine.restore(new ByteArrayInputStream(dump(engine).bytes()), scratch);
        assertTrue(exists(scratch));
        assertEquals(java.util.List.of(), drills.integrityProblems(scratch));
        drills.dropScratch(scratch);
        assertDoesNotThrow(() -> drills.dropScratch(scratch));
        assertFalse(exists(scratch));
        assertEquals(500L, engine.rowCounts(engine.defaultTarget()).get(engine.tableKey("items")), "source untouched");
    }

    @Test
    void describe_never_shows_a_password() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        String target = newTarget(unique("shown"));
        for (String shown : new String[] {engine.describe(engine.defaultTarget()), engine.describe(target),
                engine.describe(withPassword(target, PASSWORD)), engine.describe(withPassword(target, "p@ss:w/rd"))}) {
            assertFalse(shown.contains(PASSWORD), shown);
            assertFalse(shown.contains("p@ss"), shown);
            assertFalse(shown.contains("w/rd"), shown);
        }
    }

    @Test
    void a_query_on_no_rows_is_empty_and_one_on_rows_gives_the_first_value() throws Exception {
        DatabaseEngine engine = seededEngine(unique("src"));
        DrillSupport drills = engine.capability(DrillSupport.class).orElseThrow();
        assertEquals(Optional.empty(), drills.firstValue(engine.defaultTarget(), "SELECT id FROM items WHERE 1 = 0"));
        assertEquals(Optional.of("500"), drills.firstValue(engine.defaultTarget(), "SELECT count(*) FROM items"));
    }

    /** Gives {@code bytes} up to {@code limit}, then throws as a broken download would. */
    static InputStream failingAfter(byte[] bytes, int limit) {
        return new FilterInputStream(new ByteArrayInputStream(bytes, 0, limit)) {
            @Override
            public int read() throws IOException {
                int value = super.read();
                if (value < 0) {
                    throw new IOException("download broke");
                }
                return value;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    throw new IOException("download broke");
                }
                return read;
            }
        };
    }
}
