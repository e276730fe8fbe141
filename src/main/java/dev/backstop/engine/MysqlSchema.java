package dev.backstop.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one MySQL database's objects through the client: its base tables and row counts, and the
 * statements that recreate its triggers, routines, events and views ({@code SHOW CREATE ...}), each
 * with the {@code sql_mode} it was made under.
 */
final class MysqlSchema {

    /** One object's creating statement and the {@code sql_mode} to run it under. */
    record Definition(String name, String sqlMode, String statement) {
    }

    private final MysqlClient client;
    private final MysqlUrl database;

    MysqlSchema(MysqlClient client, MysqlUrl database) {
        this.client = client;
        this.database = database;
    }

    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private MysqlUrl server() {
        return database.withDatabase("");
    }

    private String schema() {
        return literal(database.database());
    }

    /** True when the database exists on its server. */
    boolean exists() throws IOException {
        return !client.query(server(), "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + schema()
                + ";\n").isEmpty();
    }

    List<String> tables() throws IOException {
        return names("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + schema()
                + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    }

    /** Exact row counts of every base table, by name. */
    Map<String, Long> rowCounts() throws IOException {
        List<String> tables = tables();
        Map<String, Long> counts = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return counts;
        }
        List<String> selects = new ArrayList<>();
        for (String table : tables) {
            selects.add("SELECT " + literal(table) + ", COUNT(*) FROM " + identifier(database.database()) + "."
                    + identifier(table));
        }
        for (List<String> row : client.query(server(), String.join(" UNION ALL ", selects) + ";\n")) {
            counts.put(row.get(0), Long.parseLong(row.get(1).trim()));
        }
        return counts;
    }

    List<Definition> triggers() throws IOException {
        return definitions("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + schema()
                + " ORDER BY ACTION_ORDER", "TRIGGER", 1, 2);
    }

    List<Definition> routines() throws IOException {
        List<Definition> all = new ArrayList<>();
        for (String kind : List.of("PROCEDURE", "FUNCTION")) {
            all.addAll(definitions("SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = "
                    + schema() + " AND ROUTINE_TYPE = '" + kind + "'", kind, 1, 2));
        }
        return all;
    }

    List<Definition> events() throws IOException {
        return definitions("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + schema(),
                "EVENT", 1, 3);
    }

    /** Views, their statements naming this database as written by the server (qualified). */
    List<Definition> views() throws IOException {
        return definitions("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + schema(),
                "VIEW", -1, 1);
    }

    /** {@code DROP} statements for the given triggers, events and views, and with {@code routines} every routine. */
    String dropObjects(List<Definition> triggers, boolean routines, List<Definition> events,
                       List<Definition> views) throws IOException {
        StringBuilder sql = new StringBuilder();
        String db = identifier(database.database()) + ".";
        triggers.forEach(each -> sql.append("DROP TRIGGER IF EXISTS ").append(db).append(identifier(each.name())).append(";\n"));
        List<List<String>> all = routines ? client.query(server(), "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + schema() + ";\n") : List.of();
        for (List<String> row : all) {
            sql.append("DROP ").append(row.get(0)).append(" IF EXISTS ").append(db).append(identifier(row.get(1))).append(";\n");
        }
        events.forEach(each -> sql.append("DROP EVENT IF EXISTS ").append(db).append(identifier(each.name())).append(";\n"));
        views.forEach(each -> sql.append("DROP VIEW IF EXISTS ").append(db).append(identifier(each.name())).append(";\n"));
        return sql.toString();
    }

    private List<String> names(String select) throws IOException {
        return client.query(server(), select + ";\n").stream().map(row -> row.get(0)).toList();
    }

    private List<Definition> definitions(String select, String kind, int modeColumn, int statementColumn)
            throws IOException {
        List<Definition> found = new ArrayList<>();
        for (String name : names(select)) {
            List<String> row = client.query(server(), "SHOW CREATE " + kind + " " + identifier(database.database())
                    + "." + identifier(name) + ";\n").get(0);
            found.add(new Definition(name, modeColumn < 0 ? "" : row.get(modeColumn), row.get(statementColumn)));
        }
        return found;
    }

    /** A script that runs each definition under its sql_mode, with a delimiter that bodies do not use. */
    static String script(List<Definition> definitions) {
        StringBuilder sql = new StringBuilder();
        for (Definition each : definitions) {
            sql.append("SET SESSION sql_mode = ").append(literal(each.sqlMode())).append(";\n");
            sql.append("DELIMITER $$_backstop\n").append(each.statement()).append("\n$$_backstop\nDELIMITER ;\n");
        }
        return sql.toString();
    }
}
