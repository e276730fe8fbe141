package dev.backstop.engine;

import dev.backstop.engine.MysqlSchema.Definition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restores a MySQL dump without touching the target until the dump has loaded: the dump is loaded into a
 * fresh {@code <db>_restoring_<stamp>} database, must end with its {@code -- Dump completed} line and
 * hold exactly the rows it carried, and only then are the tables swapped in with one {@code RENAME TABLE}
 * (the target's own tables move to {@code <db>_pre_restore_<stamp>} in the same statement, which MySQL
 * runs atomically). Triggers cannot move between databases, so they are dropped before and recreated
 * after the swap, as are the routines, events and views, which belong to a database, not to a table.
 */
final class MysqlRestore {

    private static final int BUFFER = 1 << 16;

    private final Clock clock;

    MysqlRestore(Clock clock) {
        this.clock = clock;
    }

    void restore(InputStream dump, MysqlUrl target, MysqlClient client) throws IOException {
        Instant started = clock.instant();
        MysqlUrl fresh = target.withDatabase(RestoreNames.restoring(target.database(), started));
        MysqlUrl server = target.withDatabase("");
        client.query(server, "CREATE DATABASE " + MysqlSchema.identifier(fresh.database())
                + " CHARACTER SET utf8mb4;\n");
        try {
            load(dump, fresh, client);
            swap(client, target, fresh, target.withDatabase(RestoreNames.preRestore(target.database(), started)));
        } finally {
            dropQuietly(client, fresh);
        }
    }

    private static void load(InputStream dump, MysqlUrl fresh, MysqlClient client) throws IOException {
        Map<String, Long> carried;
        try (MysqlClient.Run run = client.start(MysqlClient.CLIENT, fresh, List.of("--batch",
                "--database=" + fresh.database()))) {
            MysqlDumpRows rows;
            try (OutputStream stdin = run.process.stdin(); MysqlDumpRows counted = new MysqlDumpRows(stdin)) {
                rows = counted;
                byte[] buffer = new byte[BUFFER];
                for (int read = dump.read(buffer); read >= 0; read = dump.read(buffer)) {
                    try {
                        counted.write(buffer, 0, read);
                    } catch (IOException clientGone) {
                        run.process.waitFor();
                        throw new IOException(client.failure(run.process, fresh), clientGone);
                    }
                }
            }
            if (run.process.waitFor() != 0) {
                throw new IOException(client.failure(run.process, fresh));
            }
            if (!rows.complete()) {
                throw new IOException("the dump ends early (no closing \"-- Dump completed\" line); it was not"
                        + " restored, and the target is as it was");
            }
            carried = rows.counts();
        }
        Map<String, Long> loaded = new MysqlSchema(client, fresh).rowCounts();
        if (!loaded.equals(carried)) {
            throw new IOException("the restored tables hold " + loaded + " rows but the dump carried " + carried
                    + "; the target is as it was");
        }
    }

    /**
     * Moves the loaded tables into {@code target} and its own tables to {@code previous} in one
     * {@code RENAME TABLE}, then puts the loaded triggers, routines, events and views in place of its own.
     */
    private static void swap(MysqlClient client, MysqlUrl target, MysqlUrl fresh, MysqlUrl previous)
            throws IOException {
        MysqlSchema loaded = new MysqlSchema(client, fresh);
        MysqlSchema current = new MysqlSchema(client, target);
        List<Definition> triggers = loaded.triggers();
        List<Definition> routines = loaded.routines();
        List<Definition> events = loaded.events();
        List<Definition> views = loaded.views();
        List<String> freshTables = loaded.tables();
        MysqlUrl server = target.withDatabase("");
        boolean targetExists = current.exists();
        List<String> oldTables = targetExists ? current.tables() : List.of();
        List<Definition> oldTriggers = targetExists ? current.triggers() : List.of();
        StringBuilder prepare = new StringBuilder(loaded.dropObjects(triggers, false, List.of(), List.of()));
        if (!targetExists) {
            prepare.append("CREATE DATABASE ").append(MysqlSchema.identifier(target.database()))
                    .append(" CHARACTER SET utf8mb4;\n");
        }
        if (!oldTables.isEmpty()) {
            prepare.append("CREATE DATABASE ").append(MysqlSchema.identifier(previous.database()))
                    .append(" CHARACTER SET utf8mb4;\n");
        }
        client.query(server, prepare.toString());
        List<String> moves = new ArrayList<>();
        for (String table : oldTables) {
            moves.add(qualified(target, table) + " TO " + qualified(previous, table));
        }
        for (String table : freshTables) {
            moves.add(qualified(fresh, table) + " TO " + qualified(target, table));
        }
        if (!oldTriggers.isEmpty()) {
            client.query(server, current.dropObjects(oldTriggers, false, List.of(), List.of()));
        }
        try {
            if (!moves.isEmpty()) {
                client.query(server, "RENAME TABLE " + String.join(", ", moves) + ";\n");
            }
        } catch (IOException failed) {
            restoreQuietly(client, target, oldTriggers);
            throw failed;
        }
        if (!oldTriggers.isEmpty()) {
            restoreQuietly(client, previous, oldTriggers); // the old tables keep their triggers beside them
        }
        String replaceObjects = current.dropObjects(List.of(), true, current.events(), current.views());
        List<Definition> retargeted = views.stream().map(view -> new Definition(view.name(), view.sqlMode(),
                view.statement().replace(MysqlSchema.identifier(fresh.database()) + ".",
                        MysqlSchema.identifier(target.database()) + "."))).toList();
        List<Definition> creates = new ArrayList<>(triggers);
        creates.addAll(routines);
        creates.addAll(events);
        creates.addAll(retargeted);
        try {
            client.query(target, replaceObjects + MysqlSchema.script(creates));
        } catch (IOException failed) {
            throw new IOException("the restored tables are in " + target.withoutPassword() + " (its old tables are in "
                    + previous.database() + "), but recreating its triggers, routines, events or views failed: "
                    + failed.getMessage(), failed);
        }
    }

    private static void restoreQuietly(MysqlClient client, MysqlUrl into, List<Definition> triggers) {
        try {
            client.query(into, MysqlSchema.script(triggers));
        } catch (IOException ignored) {
            // Best effort: the failure that led here is the one reported.
        }
    }

    private static String qualified(MysqlUrl database, String table) {
        return MysqlSchema.identifier(database.database()) + "." + MysqlSchema.identifier(table);
    }

    private static void dropQuietly(MysqlClient client, MysqlUrl database) {
        try {
            client.query(database.withDatabase(""), "DROP DATABASE IF EXISTS "
                    + MysqlSchema.identifier(database.database()) + ";\n");
        } catch (IOException ignored) {
            // Left for the set-aside sweep, which drops stopped restores' databases.
        }
    }
}
