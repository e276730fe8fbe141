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
 * One query for many databases instead of one each: the per-database query repeated for each name and
 * joined by {@code UNION ALL}, so every part still reads its own index range (SQLite has no
 * {@code LATERAL}, and a window over the whole table would read every row). The same SQL runs on
 * SQLite and PostgreSQL.
 */
final class Batches {

    /** Databases per statement: well under SQLite's 500 terms of one compound select. */
    static final int SIZE = 100;

    private Batches() {
    }

    /**
     * Runs {@code perDatabase} (a query with {@code :database} and {@code :limit}, ordered newest first) for
     * each of {@code databases}; answers each database's rows newest first (by {@code id}, descending), every
     * database asked for a key, in the order asked.
     */
    static <T> Map<String, List<T>> newestOfEach(CatalogConnection connection, String what,
                                                 Collection<String> databases, String perDatabase, int limit,
                                                 RowMapper<T> mapper, Function<T, String> databaseOf,
                                                 Function<T, String> idOf) {
        Map<String, List<T>> rows = new LinkedHashMap<>();
        databases.forEach(database -> rows.put(database, new ArrayList<>()));
        List<String> names = List.copyOf(rows.keySet());
        for (int from = 0; from < names.size(); from += SIZE) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + SIZE));
            StringBuilder sql = new StringBuilder();
            for (int index = 0; index < batch.size(); index++) {
                sql.append(index == 0 ? "" : " UNION ALL ").append("SELECT * FROM (")
                        .append(perDatabase.replace(":database", ":database" + index)).append(") AS part").append(index);
            }
            List<T> found = connection.withHandle(what, handle -> {
                var query = handle.createQuery(sql.toString()).bind("limit", Math.max(0, limit));
                for (int index = 0; index < batch.size(); index++) {
                    query.bind("database" + index, batch.get(index));
                }
                return query.map(mapper).list();
            });
            found.forEach(row -> rows.get(databaseOf.apply(row)).add(row));
        }
        Comparator<T> newestFirst = Comparator.comparing(idOf).reversed();
        rows.values().forEach(list -> list.sort(newestFirst));
        return rows;
    }
}
