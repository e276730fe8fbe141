package dev.backstop.engine;

import dev.backstop.core.SetAside;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds and drops the databases restores of one database left on its server: {@code <db>_restoring_<stamp>}
 * ones loaded into and {@code <db>_pre_restore_<stamp>} ones renamed aside. Names are matched exactly in
 * Java, never with a SQL pattern, and sessions on them are never ended: a session on a restoring one is
 * most likely a pg_restore still loading.
 */
final class PostgresSetAside {

    private static final String LIST = "SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a"
            + " WHERE a.datid = d.oid) FROM pg_database d;\n";

    private final PostgresUrl source;
    private final PostgresClient client;

    PostgresSetAside(PostgresUrl source, PostgresClient client) {
        this.source = source;
        this.client = client;
    }

    /** The source's set-aside databases on its server with their open sessions, restoring ones first, oldest first. */
    List<SetAside> list() throws IOException {
        List<SetAside> found = new ArrayList<>();
        for (List<String> row : client.query(admin(), LIST)) {
            String name = row.get(0);
            kindOf(name).ifPresent(kind -> found.add(new SetAside(name, source.withDatabase(name).withoutPassword(),
                    kind, since(kind, name).orElseThrow(), Integer.parseInt(row.get(1).trim()))));
        }
        found.sort(Comparator.comparing(SetAside::kind).thenComparing(SetAside::since).thenComparing(SetAside::name));
        return found;
    }

    /**
     * Drops {@code database} after checking again that its name is one the source's restores make.
     * PostgreSQL refuses to drop a database that has sessions; then this returns false.
     */
    boolean drop(SetAside database) throws IOException {
        if (since(database.kind(), database.name()).isEmpty()) {
            throw new IOException("refusing to drop database \"" + database.name() + "\": it is not a "
                    + (database.kind() == SetAside.Kind.RESTORING ? "restore database" : "pre-restore copy")
                    + " of " + source.database());
        }
        try {
            client.query(admin(), "DROP DATABASE IF EXISTS " + PostgresRestore.identifier(database.name()) + ";\n");
            return true;
        } catch (IOException failed) {
            if (failed.getMessage().contains("being accessed by other users")) {
                return false;
            }
            throw new IOException("cannot drop " + database.name() + " on " + source.server() + ": "
                    + failed.getMessage(), failed);
        }
    }

    private Optional<SetAside.Kind> kindOf(String name) {
        return RestoreNames.restoringTime(source.database(), name).isPresent() ? Optional.of(SetAside.Kind.RESTORING)
                : RestoreNames.preRestoreTime(source.database(), name).isPresent()
                        ? Optional.of(SetAside.Kind.PRE_RESTORE) : Optional.empty();
    }

    private Optional<Instant> since(SetAside.Kind kind, String name) {
        return kind == SetAside.Kind.RESTORING ? RestoreNames.restoringTime(source.database(), name)
                : RestoreNames.preRestoreTime(source.database(), name);
    }

    private PostgresUrl admin() {
        return source.withDatabase("postgres");
    }
}
