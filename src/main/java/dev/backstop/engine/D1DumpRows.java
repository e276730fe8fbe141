package dev.backstop.engine;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passes a D1 export (SQLite SQL text) through and counts, as it goes, the rows of each table in it: a
 * {@code CREATE TABLE} names a table (0 rows) and each {@code INSERT INTO t VALUES(...)} statement counts
 * one. Statements are told apart by {@code ;} outside quotes, so a string holding {@code ;} or a new line
 * is not mistaken for a statement. SQLite's own tables ({@code sqlite_*}) and D1's ({@code _cf_*}) are
 * not counted. Memory is bounded: only a statement's first bytes are kept.
 */
final class D1DumpRows extends FilterOutputStream {

    private static final int HEAD = 1024;
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|`(?:[^`]|``)+`|\\[[^\\]]+\\]|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern INSERT = Pattern.compile("(?i)^INSERT\\s+INTO\\s+" + NAME + "[\\s(]");
    private static final Pattern CREATE = Pattern.compile("(?i)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + NAME + "[\\s(]");

    private final Map<String, Long> counts = new TreeMap<>();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean judged;
    private byte quote;

    D1DumpRows(OutputStream out) {
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

    private void see(byte value) {
        if (quote != 0) {
            if (value == quote) {
                quote = 0; // a doubled quote closes and reopens: the same state either way
            }
            keep(value);
            return;
        }
        if (value == '\'' || value == '"' || value == '`') {
            quote = value;
        } else if (value == ';') {
            judge();
            head.reset();
            judged = false;
            return;
        }
        if (head.size() == 0 && Character.isWhitespace(value)) {
            return;
        }
        keep(value);
    }

    private void keep(byte value) {
        if (judged) {
            return;
        }
        head.write(value);
        if (head.size() >= HEAD) {
            judge();
        }
    }

    private void judge() {
        if (judged) {
            return;
        }
        judged = true;
        String start = head.toString(StandardCharsets.UTF_8) + " ";
        match(INSERT, start).ifPresent(table -> counts.merge(table, 1L, Long::sum));
        match(CREATE, start).ifPresent(table -> counts.putIfAbsent(table, 0L));
    }

    private static Optional<String> match(Pattern pattern, String start) {
        Matcher found = pattern.matcher(start);
        if (!found.find()) {
            return Optional.empty();
        }
        String table = unquote(found.group(1));
        return table.startsWith("sqlite_") || table.startsWith("_cf_") ? Optional.empty() : Optional.of(table);
    }

    /** A table name as SQLite spells it unquoted. */
    static String unquote(String name) {
        char first = name.charAt(0);
        return switch (first) {
            case '"' -> name.substring(1, name.length() - 1).replace("\"\"", "\"");
            case '`' -> name.substring(1, name.length() - 1).replace("``", "`");
            case '[' -> name.substring(1, name.length() - 1);
            default -> name;
        };
    }
}
