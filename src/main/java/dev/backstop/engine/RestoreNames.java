package dev.backstop.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * Names of the databases a PostgreSQL restore makes beside its target: {@code <db>_restoring_<stamp>}
 * while it loads and {@code <db>_pre_restore_<stamp>} for the database it replaced, where the stamp
 * is the restore's UTC start time ({@code yyyyMMdd_HHmmss}) and the whole name fits in 63 bytes.
 */
final class RestoreNames {

    private static final String RESTORING = "_restoring_";
    private static final String PRE_RESTORE = "_pre_restore_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    /**
     * A longer name is cut before {@code _pre_restore_<stamp>} (28 bytes), at a character boundary,
     * so a cut name keeps at least 63 - 28 - 3 bytes: a UTF-8 character has at most 4.
     */
    private static final int SHORTEST_CUT = PostgresRestore.MAX_IDENTIFIER_BYTES - 28 - 3;

    private RestoreNames() {
    }

    /** The fresh database that a restore of {@code database} started at {@code at} loads into. */
    static String restoring(String database, Instant at) {
        return PostgresRestore.withSuffix(database, RESTORING + STAMP.format(at));
    }

    /** The name that a restore of {@code database} started at {@code at} gives the database it replaces. */
    static String preRestore(String database, Instant at) {
        return PostgresRestore.withSuffix(database, PRE_RESTORE + STAMP.format(at));
    }

    /**
     * When the restore that set {@code candidate} aside started, if {@code candidate} is exactly a
     * name that {@link #preRestore} gives for {@code database}; empty for every other name. A
     * database name as long as a cut one (32 bytes or more) matches nothing,
     * because its copies' names could as well be the cut names of a longer database that starts alike.
     */
    static Optional<Instant> preRestoreTime(String database, String candidate) {
        String prefix = database + PRE_RESTORE;
        if (database.getBytes(StandardCharsets.UTF_8).length >= SHORTEST_CUT || !candidate.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            Instant at = STAMP.parse(candidate.substring(prefix.length()), Instant::from);
            return preRestore(database, at).equals(candidate) ? Optional.of(at) : Optional.empty();
        } catch (DateTimeParseException notAStamp) {
            return Optional.empty();
        }
    }
}
