package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Row counts read from D1 export text as it streams, byte by byte or in blocks alike. */
class D1DumpRowsTest {

    private static final String DUMP = """
            PRAGMA defer_foreign_keys=TRUE;
            CREATE TABLE IF NOT EXISTS "order items" (id INTEGER, note TEXT);
            INSERT INTO "order items" VALUES(1,'a;b');
            INSERT INTO "order items" VALUES(2,'line
            INSERT INTO "order items" VALUES(99,''x'');
            still the string');
            CREATE TABLE `we"ird` (x);
            INSERT INTO `we"ird` VALUES('it''s (one)');
            CREATE TABLE plain(x);
            CREATE TABLE sqlite_stat1(tbl,idx,stat);
            INSERT INTO sqlite_stat1 VALUES('plain',NULL,'1');
            INSERT INTO [_cf_KV] VALUES('k','v');
            CREATE INDEX plain_x ON plain (x);
            """;

    @Test
    void each_insert_statement_counts_one_row_and_strings_hide_semicolons_and_lines() throws Exception {
        byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        D1DumpRows inBlocks = new D1DumpRows(blocks);
        inBlocks.write(bytes, 0, bytes.length);
        D1DumpRows byteByByte = new D1DumpRows(new ByteArrayOutputStream());
        for (byte each : bytes) {
            byteByByte.write(each);
        }

        Map<String, Long> expected = Map.of("order items", 2L, "we\"ird", 1L, "plain", 0L);
        assertEquals(expected, inBlocks.counts());
        assertEquals(expected, byteByByte.counts());
        assertArrayEquals(bytes, blocks.toByteArray(), "the dump passes through unchanged");
    }
}
