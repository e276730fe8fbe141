package dev.backstop.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A small shop database with products and orders, for the quick start. */
public final class DemoDatabase {

    private DemoDatabase() {
    }

    public static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection connection = SqliteFiles.open(file, false);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL)");
            statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id),"
                    + " quantity INTEGER NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')))");
            connection.setAutoCommit(false);
            try (PreparedStatement product = connection.prepareStatement("INSERT INTO products (name, price_cents) VALUES (?, ?)");
                 PreparedStatement order = connection.prepareStatement("INSERT INTO orders (product_id, quantity) VALUES (?, ?)")) {
                for (int index = 1; index <= 50; index++) {
                    product.setString(1, "product " + index);
                    product.setInt(2, 100 * index);
                    product.executeUpdate();
                }
                for (int index = 0; index < 1000; index++) {
                    order.setInt(1, 1 + index % 50);
                    order.setInt(2, 1 + index % 7);
                    order.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException failed) {
            throw new IOException("cannot create demo database " + file + ": " + failed.getMessage(), failed);
        }
    }
}
