package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL engine's own promises: one-line errors without the password, no options file left, dump row counting. */
class MysqlEngineTest {

    private static final MariaDbServer SERVER = MariaDbServer.shared();

    @TempDir
    Path work;

    @Test
    void a_wrong_password_fails_in_one_line_without_the_password_and_leaves_no_options_file() throws IOException {
        SERVER.sql("", "CREATE DATABASE IF NOT EXISTS mysql_denied");
        String wrong = "Wr0ng-pass-9931";
        MysqlEngine engine = new MysqlEngine(SERVER.url("mysql_denied"), wrong, work, Clock.systemUTC());

        IOException failure = assertThrows(IOException.class, () -> engine.dump(OutputStream.nullOutputStream()));

        assertTrue(failure.getMessage().contains("Access denied"), failure.getMessage());
        assertTrue(failure.getMessage().contains(SERVER.url("mysql_denied")), failure.getMessage());
        assertFalse(failure.getMessage().contains(wrong), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(java.util.List.of(), left.filter(file -> file.toString().endsWith(".cnf")).toList());
        }
    }

    @Test
    void rows_are_counted_from_the_dump_text_whatever_the_strings_hold() throws IOException {
        String dump = """
                CREATE TABLE `a``b` (
                  `x` text
                );
                CREATE TABLE `empty` (`x` int);
                INSERT INTO `a``b` VALUES ('one'),('it''s (two)'),('three\\\\'),('\\'),(\\';'),(0x28293B);
                INSERT INTO `a``b` VALUES
                ('four'),
                ('five;'),
                (NULL);
                /*!40000 ALTER TABLE `a``b` ENABLE KEYS */;
                CREATE TABLE `generated` (`a` int, `b` int AS (a * 2));
                INSERT INTO `generated` (`a`) VALUES (1),(2),(3);
                -- Dump completed on 2026-12-01 10:00:00
                """;
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        MysqlDumpRows rows = new MysqlDumpRows(passed);
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        for (byte each : bytes) {
            rows.write(each);
        }
        assertEquals(Map.of("a`b", 8L, "empty", 0L, "generated", 3L), rows.counts());
        assertTrue(rows.complete());
        assertEquals(dump, passed.toString(StandardCharsets.UTF_8));

        MysqlDumpRows cut = new MysqlDumpRows(OutputStream.nullOutputStream());
        cut.write(bytes, 0, dump.indexOf("-- Dump"));
        assertFalse(cut.complete(), "a dump without its closing line is not complete");
    }
}
