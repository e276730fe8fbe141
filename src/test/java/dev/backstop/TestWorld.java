package dev.backstop;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A throwaway Backstop installation under one folder: key, SQLite database, config and services. */
public final class TestWorld {

    public final Path root;
    public final Path database;
    public final Path identityFile;
    public final AgeCrypto.AgeKey key;
    public final BackstopConfig config;

    public TestWorld(Path root) throws IOException {
        this(root, false);
    }

    public TestWorld(Path root, boolean production) throws IOException {
        this(root, production, new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops",
                List.of("U1", "U2", "U3"), Duration.ofMinutes(30)));
    }

    /** A world whose config carries {@code slack}, for tests of the Slack bot. */
    public TestWorld(Path root, boolean production, SlackSettings slack) throws IOException {
        this.root = root;
        this.database = root.resolve("app.db");
        this.identityFile = root.resolve("age.key");
        this.key = AgeCrypto.generate();
        Files.writeString(identityFile, "# public key: " + key.recipient() + "\n" + key.identity() + "\n");
        this.config = config(root.resolve("catalog.db"), StorageConfig.local(root.resolve("backups")), production, slack);
    }

    /** Who may back up, restore and drill {@code app} from chat: the approvers, and U9, who approves nothing. */
    public static final List<String> OPERATORS = List.of("U1", "U2", "U3", "U9");

    private TestWorld(TestWorld world, BackstopConfig config) {
        this.root = world.root;
        this.database = world.database;
        this.identityFile = world.identityFile;
        this.key = world.key;
        this.config = config;
    }

    /** This world (its folder, key and sample database) with {@code config} instead, such as one read from a file. */
    public TestWorld withConfig(BackstopConfig config) {
        return new TestWorld(this, config);
    }

    private BackstopConfig config(Path catalog, StorageConfig storage, boolean production, SlackSettings slack) {
        DatabaseConfig app = new DatabaseConfig("app", new SqliteSettings(database), production, "", Duration.ofHours(25),
                RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "", OPERATORS,
                List.of("./"));
        return new BackstopConfig(root.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(catalog), storage,
                new EncryptionConfig(List.of(key.recipient()), identityFile), slack, 3000, Map.of("app", app));
    }

    public Services services() {
        return Wiring.services(config, Clock.systemUTC());
    }

    /** Writes a config file equivalent to {@link #config} for CLI tests. */
    public Path writeConfigFile(boolean production) throws IOException {
        Path file = root.resolve("backstop.yml");
        Files.writeString(file, """
                catalog: ./catalog.db
                storage:
                  type: local
                  path: ./backups
                encryption:
                  recipients: [%s]
                  identity_file: ./age.key
                slack:
                  approvers: [U1, U2, U3]
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                    production: %s
                    operators: [U1, U2, U3, U9]
                    restore_targets: [./]
                """.formatted(key.recipient(), production));
        return file;
    }

    /** Creates the sample database: customers and orders with a foreign key and an index. */
    public void createDatabase(int orders) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL"
                    + " REFERENCES customers(id), note TEXT, created_at TEXT DEFAULT (datetime('now')))");
            statement.execute("CREATE INDEX orders_by_customer ON orders (customer_id)");
            connection.setAutoCommit(false);
            for (int index = 1; index <= 20; index++) {
                statement.execute("INSERT INTO customers (name) VALUES ('customer " + index + "')");
            }
            insertOrders(connection, orders);
            connection.commit();
        }
    }

    public static void insertOrders(Connection connection, int count) throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO orders (customer_id, note) VALUES (?, ?)")) {
            for (int index = 0; index < count; index++) {
                insert.setInt(1, 1 + index % 20);
                insert.setString(2, "order note " + index + " " + "x".repeat(index % 50));
                insert.executeUpdate();
            }
        }
    }

    public static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    public static Map<String, Long> rowCounts(Path file) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    counts.put(table, row.getLong(1));
                }
            }
        }
        return counts;
    }

    public static String integrityCheck(Path file) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA integrity_check")) {
            return row.getString(1);
        }
    }
}
