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
    private static final int STAMP_BYTES = 15;

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
        return stampOf(database, PRE_RESTORE, candidate)
                .filter(at -> preRestore(database, at).equals(candidate));
    }

    /**
     * When the restore that loaded into {@code candidate} started, if {@code candidate} is exactly a
     * name that {@link #restoring} gives for {@code database}; empty for every other name. A database
     * name as long as a cut one (34 bytes or more) matches nothing, as for {@link #preRestoreTime}.
     */
    static Optional<Instant> restoringTime(String database, String candidate) {
        return stampOf(database, RESTORING, candidate)
                .filter(at -> restoring(database, at).equals(candidate));
    }

    /**
     * The stamp after {@code database + marker} in {@code candidate}. A longer name is cut before the
     * marker and stamp at a character boundary, so a cut name keeps at least 63 - (marker + stamp) - 3
     * bytes (a UTF-8 character has at most 4); a database name that long could share a cut name.
     */
    private static Optional<Instant> stampOf(String database, String marker, String candidate) {
        int shortestCut = PostgresRestore.MAX_IDENTIFIER_BYTES - marker.length() - STAMP_BYTES - 3;
        String prefix = database + marker;
        if (database.getBytes(StandardCharsets.UTF_8).length >= shortestCut || !candidate.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(STAMP.parse(candidate.substring(prefix.length()), Instant::from));
        } catch (DateTimeParseException notAStamp) {
            return Optional.empty();
        }
    }
}
