package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite Cloud engine does when uploads fail half-way, against the stand-in's real files. */
class SqliteCloudEngineTest {

    private static final String KEY = "sqc-Engine-Key-8812";

    @TempDir
    Path work;

    private SqliteCloudStandIn cloud;
    private SqliteCloudEngine engine;
    private byte[] dump;

    @BeforeEach
    void start() throws Exception {
        cloud = new SqliteCloudStandIn(work.resolve("cloud"), KEY);
        SqliteCloudEngineContractTest.sql(cloud.file("games.sqlite"), "CREATE TABLE scores (id INTEGER PRIMARY KEY);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO scores SELECT i FROM n");
        engine = new SqliteCloudEngine(new SqliteCloudSettings(cloud.url(), "games.sqlite", KEY), work.resolve("work"),
                Clock.systemUTC());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.dump(out);
        dump = out.toByteArray();
        SqliteCloudEngineContractTest.sql(cloud.file("games.sqlite"), "INSERT INTO scores VALUES (51)");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private String target(String name) {
        return engine.scratchTarget("x").replace("drill-x.sqlite", name);
    }

    @Test
    void a_failed_upload_of_a_new_database_leaves_no_database_behind() throws Exception {
        cloud.failNextUpload();
        IOException failed = assertThrows(IOException.class,
                () -> engine.restore(new ByteArrayInputStream(dump), target("fresh.sqlite")));
        assertTrue(failed.getMessage().contains("HTTP 500"), failed.getMessage());
        assertFalse(cloud.exists("fresh.sqlite"));
        assertTrue(cloud.requests().contains("DELETE /v2/weblite/fresh.sqlite"), cloud.requests().toString());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void when_putting_the_old_database_back_fails_too_the_saved_copy_is_kept_and_named() throws Exception {
        byte[] before = Files.readAllBytes(cloud.file("games.sqlite"));
        cloud.failUploads(2);

        IOException failed = assertThrows(IOException.class,
                () -> engine.restore(new ByteArrayInputStream(dump), engine.defaultTarget()));

        assertEquals(1, leftovers().size(), failed.getMessage());
        Path saved = leftovers().get(0);
        assertTrue(failed.getMessage().contains("putting the old games.sqlite back failed too")
                && failed.getMessage().contains(saved.toString()), failed.getMessage());
        assertFalse(failed.getMessage().contains(KEY));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(saved)), "the saved copy is the old database");
        assertEquals(Map.of("scores", 51L), dev.backstop.TestWorld.rowCounts(saved));
    }

    @Test
    void a_restore_over_the_source_replaces_it_and_the_check_downloads_the_result() throws Exception {
        engine.restore(new ByteArrayInputStream(dump), engine.defaultTarget());
        assertEquals(Map.of("scores", 50L), engine.rowCounts(engine.defaultTarget()));
        assertEquals(List.of(), engine.damageProblems(engine.defaultTarget()));
        assertEquals(List.of(), leftovers());
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("work"))) {
            return files.toList();
        }
    }
}
