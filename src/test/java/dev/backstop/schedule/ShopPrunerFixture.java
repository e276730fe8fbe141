package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.engine.SqliteEngine;
import dev.backstop.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared setup of tests of what the pruner drops on the {@code shop} database's server: a fresh
 * catalog, a hand-moved clock at {@link #NOW}, the {@link FakeShopServer} as the engine of every
 * database, and a {@link #pruner} wired to them with no backups in use.
 */
abstract class ShopPrunerFixture {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(NOW);
    final FakeShopServer engine = new FakeShopServer();
    Catalog catalog;
    Pruner pruner;

    @BeforeEach
    void openCatalog() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        pruner = prunerWith(engine);
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    /** A pruner on the same catalog and clock whose databases are all real SQLite ones. */
    Pruner sqlitePruner() {
        return prunerWith(new SqliteEngine(dir.resolve("app.db"), dir.resolve("work")));
    }

    private Pruner prunerWith(DatabaseEngine databaseEngine) {
        return new Pruner(new LocalObjectStore(dir.resolve("backups")), catalog, database -> Set.of(),
                database -> databaseEngine, clock);
    }
}
