package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL dump whose output is cut (the upload failed) ends at once, however long its row count runs. */
class PostgresCutDumpTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path work;

    @BeforeAll
    static void createManyTables() {
        SERVER.sql("postgres", "CREATE DATABASE many_tables");
        // Enough tables that psql's row-count output is larger than a pipe holds.
        SERVER.sql("many_tables", "DO $$ BEGIN FOR i IN 1..1500 LOOP EXECUTE format('CREATE TABLE %I (id int)',"
                + " 'a_table_whose_name_is_long_enough_to_fill_a_pipe_quickly_' || i); END LOOP; END $$");
    }

    @Test
    void aDumpWhoseOutputFailsEndsWithoutWaitingForTheUnreadRowCounts() {
        PostgresEngine engine = new PostgresEngine(SERVER.url("many_tables"), PostgresServer.PASSWORD, work);
        OutputStream refusing = new OutputStream() {
            @Override
            public void write(int value) throws IOException {
                throw new IOException("upload failed");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("upload failed");
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IOException.class, () -> engine.dump(refusing)));
    }
}
