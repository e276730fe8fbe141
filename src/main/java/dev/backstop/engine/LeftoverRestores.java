package dev.backstop.engine;

import dev.backstop.core.LeftoverRestore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds and drops the {@code <db>_restoring_<stamp>} databases of one database on its server. Names
 * are matched exactly in Java, never with a SQL pattern; sessions on them are never ended, because a
 * session there is most likely a pg_restore still loading.
 */
final class LeftoverRestores {

    private static final String LIST = "SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a"
            + " WHERE a.datid = d.oid) FROM pg_database d;\n";

    private final PostgresUrl source;
    private final PostgresClient client;

    LeftoverRestores(PostgresUrl source, PostgresClient client) {
        this.source = source;
        this.client = client;
    }

    /** The source's restore databases on its server with their open sessions, oldest first. */
    List<LeftoverRestore> list() throws IOException {
        List<LeftoverRestore> leftovers = new ArrayList<>();
        for (List<String> row : client.query(admin(), LIST)) {
            String name = row.get(0);
            RestoreNames.restoringTime(source.database(), name).ifPresent(startedAt -> leftovers.add(
                    new LeftoverRestore(name, source.withDatabase(name).withoutPassword(), startedAt,
                            Integer.parseInt(row.get(1).trim()))));
        }
        leftovers.sort(Comparator.comparing(LeftoverRestore::startedAt).thenComparing(LeftoverRestore::name));
        return leftovers;
    }

    /**
     * Drops {@code leftover} after checking again that its name is a restore database of the source.
     * PostgreSQL refuses to drop a database that has sessions, so one that gained a session since it
     * was listed is left too; then this returns false.
     */
    boolean drop(LeftoverRestore leftover) throws IOException {
        Optional<Instant> startedAt = RestoreNames.restoringTime(source.database(), leftover.name());
        if (startedAt.isEmpty()) {
            throw new IOException("refusing to drop database \"" + leftover.name() + "\": it is not a restore"
                    + " database of " + source.database());
        }
        try {
            client.query(admin(), "DROP DATABASE IF EXISTS " + PostgresRestore.identifier(leftover.name()) + ";\n");
            return true;
        } catch (IOException failed) {
            if (failed.getMessage().contains("being accessed by other users")) {
                return false;
            }
            throw new IOException("cannot drop " + leftover.name() + " on " + source.server() + ": "
                    + failed.getMessage(), failed);
        }
    }

    private PostgresUrl admin() {
        return source.withDatabase("postgres");
    }
}
