package dev.backstop.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's one JDBC connection and the file it is open on: runs statements and transactions on it
 * and words their failures as "catalog FILE: cannot WHAT: CAUSE". Not thread-safe; {@link Catalog}
 * holds the lock.
 */
final class CatalogConnection {

    /** Binds the parameters of a prepared statement. */
    @FunctionalInterface
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads one value from the row a result set stands on. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final Path file;
    private final Connection connection;

    CatalogConnection(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Binds {@code values} as text, in order, from the first parameter on. */
    static Parameters strings(String... values) {
        return statement -> {
            for (int index = 0; index < values.length; index++) {
                statement.setString(index + 1, values[index]);
            }
        };
    }

    Path file() {
        return file;
    }

    /** Runs the statement {@code sql}; returns how many rows it changed. */
    int update(String what, String sql, Parameters parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException failed) {
            throw failure(what, failed);
        }
    }

    /** Every row the query {@code sql} returns, read by {@code reader}, in its order. */
    <T> List<T> select(String what, String sql, Parameters parameters, RowReader<T> reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.bind(statement);
            List<T> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(reader.read(rows));
                }
            }
            return found;
        } catch (SQLException failed) {
            throw failure(what, failed);
        }
    }

    /**
     * Runs the statement {@code sql} in one transaction and, when it changed exactly one row,
     * {@code whenChanged} in the same transaction; returns whether it changed one. Anything that fails
     * rolls the whole transaction back.
     */
    boolean updateOne(String what, String sql, Parameters parameters, Runnable whenChanged) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.bind(statement);
                boolean changed = statement.executeUpdate() == 1;
                if (changed) {
                    whenChanged.run();
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException problem) {
                connection.rollback();
                throw problem;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException problem) {
            throw failure(what, problem);
        }
    }

    /** Fails when the catalog cannot answer a trivial query. */
    void ping() {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM backups").close();
        } catch (SQLException failed) {
            throw failure("query", failed);
        }
    }

    CatalogException failure(String what, SQLException cause) {
        return new CatalogException("catalog " + file + ": cannot " + what + ": " + cause.getMessage(), cause);
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a connection that failed leaves nothing to clean up.
        }
    }
}
