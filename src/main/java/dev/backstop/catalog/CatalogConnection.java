package dev.backstop.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The catalog's Jdbi over its connection pool, and where it is (a file, or a URL without password): runs
 * statements and transactions and words their failures as "catalog WHERE: cannot WHAT: CAUSE". Inside
 * {@link #inTransaction}, every call on the same thread joins that transaction.
 */
final class CatalogConnection {

    /** Binds the parameters of a prepared statement (the legacy shape, see {@link #update}). */
    @FunctionalInterface
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads one value from the row a result set stands on (the legacy shape, see {@link #select}). */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Work done on a Jdbi handle. */
    @FunctionalInterface
    interface Work<T> {
        T run(Handle handle) throws SQLException;
    }

    private final String where;
    private final Jdbi jdbi;
    private final ThreadLocal<Handle> transaction = new ThreadLocal<>();

    CatalogConnection(String where, Jdbi jdbi) {
        this.where = where;
        this.jdbi = jdbi;
    }

    /** Binds {@code values} as text, in order, from the first parameter on. */
    static Parameters strings(String... values) {
        return statement -> {
            for (int index = 0; index < values.length; index++) {
                statement.setString(index + 1, values[index]);
            }
        };
    }

    /** The file or the URL (without password) the catalog is on. */
    String where() {
        return where;
    }

    /** Runs {@code work} on a handle: the current transaction's, else one of its own, closed after. */
    <T> T withHandle(String what, Work<T> work) {
        Handle current = transaction.get();
        try {
            if (current != null) {
                return work.run(current);
            }
            try (Handle handle = jdbi.open()) {
                return work.run(handle);
            }
        } catch (SQLException failed) {
            throw failure(what, failed);
        } catch (JdbiException failed) {
            throw failure(what, failed);
        }
    }

    /**
     * Runs {@code work} in one transaction, which every catalog call it makes on this thread joins; anything
     * that fails rolls it all back. Within a transaction already open, it just runs in that one.
     */
    <T> T inTransaction(String what, Work<T> work) {
        if (transaction.get() != null) {
            return withHandle(what, work);
        }
        try (Handle handle = jdbi.open()) {
            transaction.set(handle);
            try {
                return handle.inTransaction(inside -> work.run(inside));
            } finally {
                transaction.remove();
            }
        } catch (SQLException failed) {
            throw failure(what, failed);
        } catch (JdbiException failed) {
            throw failure(what, failed);
        }
    }

    /** Legacy shape, kept for row classes written against plain JDBC: runs {@code sql}; returns how many rows it changed. */
    int update(String what, String sql, Parameters parameters) {
        return withHandle(what, handle -> {
            try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
                parameters.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    /** Legacy shape: every row the query {@code sql} returns, read by {@code reader}, in its order. */
    <T> List<T> select(String what, String sql, Parameters parameters, RowReader<T> reader) {
        return withHandle(what, handle -> {
            try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
                parameters.bind(statement);
                List<T> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(reader.read(rows));
                    }
                }
                return found;
            }
        });
    }

    /**
     * Legacy shape: runs {@code sql} in one transaction and, when it changed exactly one row,
     * {@code whenChanged} in the same transaction; returns whether it changed one. Anything that fails
     * rolls the whole transaction back.
     */
    boolean updateOne(String what, String sql, Parameters parameters, Runnable whenChanged) {
        return inTransaction(what, handle -> {
            boolean changed = update(what, sql, parameters) == 1;
            if (changed) {
                whenChanged.run();
            }
            return changed;
        });
    }

    /** Fails when the catalog cannot answer a trivial query. */
    void ping() {
        withHandle("query", handle -> handle.createQuery("SELECT count(*) FROM backups").mapTo(Long.class).one());
    }

    CatalogException failure(String what, Exception cause) {
        return new CatalogException("catalog " + where + ": cannot " + what + ": " + CatalogException.reason(cause),
                cause);
    }
}
