package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines tell a restore target that is their own source, however it is spelled, from any other place. */
class SourceTargetTest {

    @TempDir
    Path dir;

    @Test
    void sqlite_knows_its_file_by_any_path() throws Exception {
        Path source = Files.writeString(dir.resolve("app.db"), "");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), source);
        SqliteEngine engine = new SqliteEngine(source, dir.resolve("work"));

        assertTrue(engine.isSource(null));
        assertTrue(engine.isSource(" "));
        assertTrue(engine.isSource(source.toString()));
        assertTrue(engine.isSource(dir.resolve("sub/../app.db").toString()));
        assertTrue(engine.isSource(link.toString()));
        assertFalse(engine.isSource(dir.resolve("copy.db").toString()));
        assertFalse(engine.isSource(dir.resolve("sub").toString()));
    }

    @Test
    void postgres_knows_its_database_on_the_same_server_whatever_the_user_or_parameters() {
        PostgresEngine engine = new PostgresEngine("postgresql://backup@db.internal:5432/shop", "", dir);

        assertTrue(engine.isSource(null));
        assertTrue(engine.isSource("postgresql://backup@db.internal:5432/shop"));
        assertTrue(engine.isSource("postgres://admin:secret@DB.internal/shop?sslmode=require"));
        assertFalse(engine.isSource("postgresql://backup@db.internal:5432/shop_copy"));
        assertFalse(engine.isSource("postgresql://backup@db.internal:5433/shop"));
        assertFalse(engine.isSource("postgresql://backup@replica.internal:5432/shop"));
        assertFalse(engine.isSource("./not-a-url"));
        PostgresEngine local = new PostgresEngine("postgresql://ops@localhost/app", "", dir);
        assertTrue(local.isSource("postgresql://ops@127.0.0.1:5432/app"));
        for (String spelled : new String[] {"postgresql://ops@0x7f000001:5432/app", "postgresql://ops@0.0.0.0/app",
                "postgresql://ops@127.0.0.1:+5432/app", "postgresql://ops@127.0.0.1/app?port=05432"}) {
            assertTrue(local.isSource(spelled), spelled + ": the safety backup sees what the two-person rule sees");
        }
    }

    @Test
    void mysql_knows_its_database_by_the_same_comparison() {
        MysqlEngine engine = new MysqlEngine("mysql://backup@127.0.0.1:3306/shop", "", dir, java.time.Clock.systemUTC());

        assertTrue(engine.isSource("mysql://root@localhost/shop"));
        assertTrue(engine.isSource("mysql://root@0x7f000001:03306/shop"));
        assertFalse(engine.isSource("mysql://root@127.0.0.1:3307/shop"));
        assertFalse(engine.isSource("mysql://root@127.0.0.1/shop_copy"));
        assertFalse(engine.isSource("./not-a-url"));
    }
}
