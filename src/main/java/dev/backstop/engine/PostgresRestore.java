package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Restores a {@code pg_dump -Fc} stream into a fresh {@code <db>_restoring_<suffix>} database and,
 * only once pg_restore succeeded on the fully verified dump, swaps it in by renaming the target to
 * {@code <db>_pre_restore_<suffix>}; any earlier failure drops the fresh database instead. With more
 * than one job the dump is also staged as a private file ({@link PostgresSpool}) while it streams, for
 * {@code pg_restore -j} to build the post-data section from; the file is deleted whatever happens.
 */
final class PostgresRestore {

    static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int BUFFER = 1 << 16;
    private static final int SWAP_ATTEMPTS = 5;

    /**
     * Smaller dumps go into one pg_restore: their indexes take less time to build than the second
     * pg_restore and its job connections cost (about 50 ms measured), so jobs gain nothing there.
     */
    static final long PARALLEL_FROM_BYTES = 64L << 20;

    private final Clock clock;
    private final int jobs;
    private final long parallelFromBytes;
    private final Path workDir;
    private final PostgresSpool.FreeSpace freeSpace;

    /**
     * Restores with {@code jobs} pg_restore jobs: 1 pipes the dump into one pg_restore as it arrives;
     * more also stage it as a file in {@code workDir} (checked for room with {@code freeSpace}), since
     * {@code pg_restore -j} seeks in its archive, for dumps of {@code parallelFromBytes} or more (or of
     * unknown size).
     */
    PostgresRestore(Clock clock, int jobs, long parallelFromBytes, Path workDir, PostgresSpool.FreeSpace freeSpace) {
        this.clock = clock;
        this.jobs = jobs;
        this.parallelFromBytes = parallelFromBytes;
        this.workDir = workDir;
        this.freeSpace = freeSpace;
    }

    /**
     * Restores {@code dump} ({@code dumpBytes} long, -1 when unknown) into {@code target}. With more than
     * one job the dump is also staged as a file while it streams: one pg_restore loads the schema and the
     * data from the stream as it arrives, then {@code pg_restore -j} builds the indexes and constraints
     * (the post-data section, and the grants after it) from the file in parallel. A work folder without
     * room for the dump fails in one line before anything is created. A dump under the size from which
     * jobs pay off streams into one pg_restore.
     */
    void restore(InputStream dump, long dumpBytes, PostgresUrl target, PostgresClient client) throws IOException {
        if (jobs <= 1 || workDir == null || (dumpBytes >= 0 && dumpBytes < parallelFromBytes)) {
            restore(target, client, into -> stream(dump, null, into, client, List.of()));
            return;
        }
        try (PostgresSpool spool = PostgresSpool.open(dumpBytes, workDir, freeSpace)) {
            restore(target, client, into -> {
                stream(dump, spool, into, client, List.of("--section=pre-data", "--section=data"));
                loadFile(spool.file(), into, client, List.of("--section=post-data"));
            });
        }
    }

    /** Loads a dump into the fresh database it is given. */
    @FunctionalInterface
    private interface Load {
        void into(PostgresUrl fresh) throws IOException;
    }

    private void restore(PostgresUrl target, PostgresClient client, Load load) throws IOException {
        Instant started = clock.instant();
        String fresh = RestoreNames.restoring(target.database(), started);
        String previous = RestoreNames.preRestore(target.database(), started);
        PostgresUrl admin = target.withDatabase("postgres");
        client.query(admin, createLike(fresh, target.database()));
        boolean swapped = false;
        try {
            load.into(target.withDatabase(fresh));
            swap(admin, client, target.database(), fresh, previous);
            swapped = true;
        } finally {
            if (!swapped) {
                dropQuietly(admin, client, fresh);
            }
        }
    }

    /** Runs {@code pg_restore -j} on the staged dump, restoring the {@code sections} it names. */
    private void loadFile(Path dump, PostgresUrl into, PostgresClient client, List<String> sections)
            throws IOException {
        List<String> arguments = new java.util.ArrayList<>(List.of("--no-owner", "--exit-on-error", "--jobs=" + jobs));
        arguments.addAll(sections);
        arguments.add(dump.toAbsolutePath().toString());
        try (ChildProcess pgRestore = client.start("pg_restore", into, arguments)) {
            pgRestore.stdin().close();
            if (pgRestore.waitFor() != 0) {
                throw new IOException("pg_restore into " + into.database() + " failed: "
                        + client.failure(pgRestore, into));
            }
        }
    }

    /**
     * Pipes the whole dump into one pg_restore that restores {@code sections} (all when empty), and into
     * {@code spool} when there is one; the dump is read to its end even if pg_restore stops early, so its
     * checks at the end still run.
     */
    private static void stream(InputStream dump, PostgresSpool spool, PostgresUrl into, PostgresClient client,
                               List<String> sections) throws IOException {
        List<String> arguments = new java.util.ArrayList<>(List.of("--no-owner", "--exit-on-error"));
        arguments.addAll(sections);
        try (ChildProcess pgRestore = client.start("pg_restore", into, arguments);
             PostgresSpool.Writer staged = spool == null ? null : spool.writer()) {
            OutputStream stdin = pgRestore.stdin();
            boolean piping = true;
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = dump.read(buffer)) >= 0) {
                if (staged != null) {
                    staged.write(buffer, 0, read);
                }
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
            if (staged != null) {
                staged.close();
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
        String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = " + literal
                + " AND pid <> pg_backend_pid();\n"
                + "BEGIN;\n"
                + "SELECT " + literal("ALTER DATABASE " + identifier(target) + " RENAME TO " + identifier(previous))
                + " FROM pg_database WHERE datname = " + literal + "\n\\gexec\n"
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

    /**
     * One psql script that creates {@code fresh} from {@code template0} with the encoding and collation of
     * an existing {@code target}, so the fresh copy sorts and stores alike; psql's {@code \gexec} runs the
     * statement the query builds, so it takes one connection, not one to look and one to create.
     */
    private static String createLike(String fresh, String target) {
        return "SELECT " + literal("CREATE DATABASE " + identifier(fresh) + " TEMPLATE template0")
                + " || coalesce((SELECT format(' ENCODING %L LC_COLLATE %L LC_CTYPE %L', pg_encoding_to_char(encoding),"
                + " datcollate, datctype) FROM pg_database WHERE datname = " + literal(target) + "), '')\n\\gexec\n";
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
