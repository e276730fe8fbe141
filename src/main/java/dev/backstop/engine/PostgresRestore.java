package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Restores a {@code pg_dump -Fc} stream into a fresh {@code <db>_restoring_<suffix>} database and,
 * only once pg_restore succeeded on the fully verified dump, swaps it in by renaming the target to
 * {@code <db>_pre_restore_<suffix>}; any earlier failure drops the fresh database instead.
 */
final class PostgresRestore {

    static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int BUFFER = 1 << 16;
    private static final int SWAP_ATTEMPTS = 5;

    private final Clock clock;

    PostgresRestore(Clock clock) {
        this.clock = clock;
    }

    void restore(InputStream dump, PostgresUrl target, PostgresClient client) throws IOException {
        Instant started = clock.instant();
        String fresh = RestoreNames.restoring(target.database(), started);
        String previous = RestoreNames.preRestore(target.database(), started);
        PostgresUrl admin = target.withDatabase("postgres");
        client.query(admin, "CREATE DATABASE " + identifier(fresh) + templateLike(admin, client, target.database())
                + ";\n");
        boolean swapped = false;
        try {
            load(dump, target.withDatabase(fresh), client);
            swap(admin, client, target.database(), fresh, previous);
            swapped = true;
        } finally {
            if (!swapped) {
                dropQuietly(admin, client, fresh);
            }
        }
    }

    /** Pipes the whole dump into pg_restore; the dump is read to its end even if pg_restore stops early. */
    private static void load(InputStream dump, PostgresUrl into, PostgresClient client) throws IOException {
        try (ChildProcess pgRestore = client.start("pg_restore", into,
                List.of("--no-owner", "--exit-on-error"))) {
            OutputStream stdin = pgRestore.stdin();
            boolean piping = true;
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = dump.read(buffer)) >= 0) {
                if (piping) {
                    try {
                        stdin.write(buffer, 0, read);
                    } catch (IOException stopped) {
                        piping = false; // pg_restore quit; keep reading so the dump's checksum is still checked
                    }
                }
            }
            try {
                stdin.close();
            } catch (IOException stopped) {
                // pg_restore has already quit; its exit status below says whether it finished.
            }
            if (pgRestore.waitFor() != 0) {
                throw new IOException("pg_restore into " + into.database() + " failed: "
                        + client.failure(pgRestore, into));
            }
        }
    }

    private static void swap(PostgresUrl admin, PostgresClient client, String target, String fresh, String previous)
            throws IOException {
        String literal = literal(target);
        boolean exists = !client.query(admin, "SELECT 1 FROM pg_database WHERE datname = " + literal + ";\n")
                .isEmpty();
        String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = " + literal
                + " AND pid <> pg_backend_pid();\n"
                + "BEGIN;\n"
                + (exists ? "ALTER DATABASE " + identifier(target) + " RENAME TO " + identifier(previous) + ";\n" : "")
                + "ALTER DATABASE " + identifier(fresh) + " RENAME TO " + identifier(target) + ";\n"
                + "COMMIT;\n";
        IOException last = null;
        for (int attempt = 1; attempt <= SWAP_ATTEMPTS; attempt++) {
            try {
                client.query(admin, sql);
                return;
            } catch (IOException busy) {
                last = busy;
                if (!busy.getMessage().contains("being accessed by other users")) {
                    break;
                }
                sleep(200L * attempt);
            }
        }
        throw new IOException("restore finished in " + fresh + " but swapping it in as " + target + " failed: "
                + last.getMessage() + "; the target was left unchanged", last);
    }

    private static void dropQuietly(PostgresUrl admin, PostgresClient client, String database) {
        String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                + literal(database) + ";\n" + "DROP DATABASE IF EXISTS " + identifier(database) + ";\n";
        for (int attempt = 1; attempt <= SWAP_ATTEMPTS; attempt++) {
            try {
                client.query(admin, sql);
                return;
            } catch (IOException busy) {
                sleep(200L * attempt);
            }
        }
    }

    /** Copies the encoding and collation of an existing target, so the fresh copy sorts and stores alike. */
    private static String templateLike(PostgresUrl admin, PostgresClient client, String target) throws IOException {
        List<List<String>> rows = client.query(admin, "SELECT pg_encoding_to_char(encoding), datcollate, datctype"
                + " FROM pg_database WHERE datname = " + literal(target) + ";\n");
        if (rows.isEmpty() || rows.get(0).size() != 3) {
            return " TEMPLATE template0";
        }
        List<String> row = rows.get(0);
        return " TEMPLATE template0 ENCODING " + literal(row.get(0)) + " LC_COLLATE " + literal(row.get(1))
                + " LC_CTYPE " + literal(row.get(2));
    }

    /** {@code base + suffix}, with {@code base} cut so the whole stays within PostgreSQL's 63-byte names. */
    static String withSuffix(String base, String suffix) {
        int budget = MAX_IDENTIFIER_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < base.length(); ) {
            int codePoint = base.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int size = character.getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            kept.append(character);
            used += size;
            i += Character.charCount(codePoint);
        }
        return kept + suffix;
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
