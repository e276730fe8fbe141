package dev.backstop.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The per-database query for many databases at once, each database's part still reading its own
 * {@code (database, id)} index range (a window over the whole table would read every row). PostgreSQL
 * runs it once per name of an array through {@code CROSS JOIN LATERAL}: one round trip and one short
 * statement whose plan does not grow with the names. SQLite, in-process and without {@code LATERAL},
 * runs the same query once per name on one connection (a long {@code UNION ALL} of them took longer to
 * prepare than the queries take to run).
 */
final class Batches {

    private final CatalogConnection connection;
    private final CatalogDialect dialect;

    Batches(CatalogConnection connection, CatalogDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * Runs {@code perDatabase} (a query with {@code :database} and {@code :limit}, ordered newest first) for
     * each of {@code databases}; answers each database's rows newest first (by {@code id}, descending), every
     * database asked for a key, in the order asked.
     */
    <T> Map<String, List<T>> newestOfEach(String what, Collection<String> databases, String perDatabase, int limit,
                                          RowMapper<T> mapper, Function<T, String> databaseOf, Function<T, String> idOf) {
        Map<String, List<T>> rows = new LinkedHashMap<>();
        databases.forEach(database -> rows.put(database, new ArrayList<>()));
        List<String> names = List.copyOf(rows.keySet());
        if (dialect == CatalogDialect.POSTGRESQL && !names.isEmpty()) {
            String sql = "SELECT part.* FROM unnest(:databases) AS asked(name) CROSS JOIN LATERAL ("
                    + perDatabase.replace(":database", "asked.name") + ") AS part";
            connection.withHandle(what, handle -> handle.createQuery(sql)
                            .bindArray("databases", String.class, names).bind("limit", Math.max(0, limit))
                            .map(mapper).list())
                    .forEach(row -> rows.get(databaseOf.apply(row)).add(row));
        } else if (!names.isEmpty()) {
            connection.withHandle(what, handle -> {
                for (String name : names) {
                    rows.get(name).addAll(handle.createQuery(perDatabase).bind("database", name)
                            .bind("limit", Math.max(0, limit)).map(mapper).list());
                }
                return null;
            });
        }
        Comparator<T> newestFirst = Comparator.comparing(idOf).reversed();
        rows.values().forEach(list -> list.sort(newestFirst));
        return rows;
    }
}
