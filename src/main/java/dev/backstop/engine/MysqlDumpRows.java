package dev.backstop.engine;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Passes a {@code mysqldump} SQL stream through and counts, as it goes, the rows of each table in it:
 * a {@code CREATE TABLE} names a table (0 rows), and every row tuple of an {@code INSERT INTO ... VALUES}
 * statement counts one, whether the tuples share a line (MySQL) or each has its own (MariaDB 10.11). The counts are exactly the dump's content, which no second session could promise,
 * since MySQL cannot share a transaction's snapshot. It also tells whether the stream ended with the
 * dump's closing {@code -- Dump completed} line. Memory is bounded: only a line's first bytes are kept.
 */
final class MysqlDumpRows extends FilterOutputStream {

    private static final byte[] INSERT = "INSERT INTO `".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREATE = "CREATE TABLE `".getBytes(StandardCharsets.US_ASCII);
    private static final String COMPLETED = "-- Dump completed";
    private static final byte[] COMPLETED_BYTES = COMPLETED.getBytes(StandardCharsets.US_ASCII);
    private static final int HEAD = 16 * 1024;

    private final Map<String, Long> counts = new TreeMap<>();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private String lastLine = "";
    private boolean inLine;
    private boolean headDone;
    private boolean tuples;
    private String table;
    private int depth;
    private boolean inString;
    private boolean escaped;

    MysqlDumpRows(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int value) throws IOException {
        see((byte) value);
        out.write(value);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int index = offset; index < offset + length; index++) {
            see(bytes[index]);
        }
        out.write(bytes, offset, length);
    }

    /** Each table in the dump and how many rows it holds. */
    Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** True when the last line the stream held was the dump's {@code -- Dump completed} line. */
    boolean complete() {
        return !inLine && lastLine.startsWith(COMPLETED);
    }

    private void see(byte value) {
        if (tuples) {
            countTuple(value);
            return;
        }
        if (value == '\n') {
            endLine();
            return;
        }
        inLine = true;
        if (headDone) {
            return;
        }
        head.write(value);
        if (head.size() <= CREATE.length) {
            byte[] start = head.toByteArray();
            if (!prefixOf(start, INSERT) && !prefixOf(start, CREATE) && !prefixOf(start, COMPLETED_BYTES)) {
                headDone = true; // a line the counts do not depend on: not looked at further
            }
            return;
        }
        if (head.size() >= HEAD) {
            headDone = true;
            return;
        }
        if (value != 'S' && value != ' ') {
            return;
        }
        byte[] seen = head.toByteArray();
        if (value == 'S' && startsWith(seen, INSERT)) {
            insertTable(seen).ifPresent(name -> {
                table = name;
                counts.putIfAbsent(name, 0L);
                tuples = true;
                depth = 0;
                inString = false;
                escaped = false;
            });
        } else if (value == ' ' && startsWith(seen, CREATE)) {
            nameEnd(seen, CREATE.length).filter(found -> found.rest().equals(" ")).ifPresent(found -> {
                counts.putIfAbsent(found.name(), 0L);
                headDone = true;
            });
        }
    }

    /**
     * The table of an {@code INSERT INTO `t` VALUES} head, or of {@code INSERT INTO `t` (`a`, `b`) VALUES}
     * (mysqldump lists the columns when a table has generated ones).
     */
    private static java.util.Optional<String> insertTable(byte[] seen) {
        return nameEnd(seen, INSERT.length).filter(found -> found.rest().equals(" VALUES")
                || found.rest().startsWith(" (") && found.rest().endsWith(") VALUES")).map(Found::name);
    }

    private void endLine() {
        lastLine = head.toString(StandardCharsets.UTF_8);
        head.reset();
        inLine = false;
        headDone = false;
        tuples = false;
    }

    private void countTuple(byte value) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (value == '\\') {
                escaped = true;
            } else if (value == '\'') {
                inString = false;
            }
            return;
        }
        switch (value) {
            case '\'' -> inString = true;
            case '(' -> {
                if (depth++ == 0) {
                    counts.merge(table, 1L, Long::sum);
                }
            }
            case ')' -> depth--;
            case ';' -> {
                if (depth == 0) {
                    tuples = false; // the statement ended; the rest of its line is not looked at
                    headDone = true;
                }
            }
            default -> {
            }
        }
    }

    /** A backquoted name and what follows its closing quote. */
    private record Found(String name, String rest) {
    }

    /** The backquoted name that starts at {@code from} (a doubled quote is one quote), with the text after it. */
    private static java.util.Optional<Found> nameEnd(byte[] seen, int from) {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        for (int index = from; index < seen.length; index++) {
            if (seen[index] == '`') {
                if (index + 1 < seen.length && seen[index + 1] == '`') {
                    name.write('`');
                    index++;
                    continue;
                }
                return java.util.Optional.of(new Found(name.toString(StandardCharsets.UTF_8),
                        new String(seen, index + 1, seen.length - index - 1, StandardCharsets.UTF_8)));
            }
            name.write(seen[index]);
        }
        return java.util.Optional.empty();
    }

    private static boolean startsWith(byte[] seen, byte[] prefix) {
        if (seen.length < prefix.length) {
            return false;
        }
        for (int index = 0; index < prefix.length; index++) {
            if (seen[index] != prefix[index]) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefixOf(byte[] seen, byte[] prefix) {
        for (int index = 0; index < Math.min(seen.length, prefix.length); index++) {
            if (seen[index] != prefix[index]) {
                return false;
            }
        }
        return true;
    }
}
