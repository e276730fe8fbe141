package dev.backstop.engine;

import dev.backstop.core.PreRestoreCopy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds and drops the {@code <db>_pre_restore_<stamp>} databases that restores of one database left
 * on its server. Names are matched exactly in Java, never with a SQL pattern, and a copy that still
 * has sessions is left alone rather than having them ended.
 */
final class PreRestoreCopies {

    private final PostgresUrl source;
    private final PostgresClient client;

    PreRestoreCopies(PostgresUrl source, PostgresClient client) {
        this.source = source;
        this.client = client;
    }

    /** The source's copies on its server, oldest first. */
    List<PreRestoreCopy> list() throws IOException {
        List<PreRestoreCopy> copies = new ArrayList<>();
        for (List<String> row : client.query(admin(), "SELECT datname FROM pg_database;\n")) {
            String name = row.get(0);
            RestoreNames.preRestoreTime(source.database(), name).ifPresent(replacedAt -> copies.add(
                    new PreRestoreCopy(name, source.withDatabase(name).withoutPassword(), replacedAt)));
        }
        copies.sort(Comparator.comparing(PreRestoreCopy::replacedAt).thenComparing(PreRestoreCopy::name));
        return copies;
    }

    /** Drops {@code copy} after checking again that its name is one of the source's copies. */
    void drop(PreRestoreCopy copy) throws IOException {
        Optional<Instant> replacedAt = RestoreNames.preRestoreTime(source.database(), copy.name());
        if (replacedAt.isEmpty()) {
            throw new IOException("refusing to drop database \"" + copy.name() + "\": it is not a pre-restore copy of "
                    + source.database());
        }
        try {
            client.query(admin(), "DROP DATABASE IF EXISTS " + PostgresRestore.identifier(copy.name()) + ";\n");
        } catch (IOException failed) {
            String reason = failed.getMessage().contains("being accessed by other users")
                    ? "it is still in use; close the sessions on it and prune again" : failed.getMessage();
            throw new IOException("cannot drop " + copy.name() + " on " + source.server() + ": " + reason, failed);
        }
    }

    private PostgresUrl admin() {
        return source.withDatabase("postgres");
    }
}
