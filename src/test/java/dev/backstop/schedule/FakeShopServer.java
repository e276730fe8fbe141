package dev.backstop.schedule;

import dev.backstop.engine.PostgresSettings;
import dev.backstop.FakeEngine;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.SetAside;
import dev.backstop.core.SetAsideHousekeeping;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL engine of the {@code shop} database as the pruner sees it: a server holding the given
 * pre-restore copies and leftover restore databases. Tests fill {@link #databases},
 * and can mark databases as gaining a session before their drop, refuse the drop of one name, or make
 * the server unreachable. Each successful drop is recorded in {@link #dropped}.
 */
final class FakeShopServer extends FakeEngine implements SetAsideHousekeeping {

    /** Where the {@code shop} database lives. */
    static final String URL = "postgresql://ops@db:5432/shop";

    final List<SetAside> databases = new ArrayList<>();
    /** Databases that have a session open by the time they are dropped. */
    final Set<String> inUse = new HashSet<>();
    final List<String> dropped = new ArrayList<>();
    /** The one name whose drop the server refuses with an error. */
    String refused = "";
    boolean unreachable;

    FakeShopServer() {
        super("postgres", "pg_dump-custom", URL);
    }

    /** The {@code shop} database's config, keeping pre-restore copies for {@code keepPreRestore}. */
    static DatabaseConfig config(Duration keepPreRestore) {
        return new DatabaseConfig("shop", new PostgresSettings(URL, ""), false, "", Duration.ofHours(25),
                RetentionPolicy.KEEP_ALL, keepPreRestore, Optional.empty(), "");
    }

    @Override
    public List<SetAside> setAside() throws IOException {
        failWhenUnreachable();
        return List.copyOf(databases);
    }

    @Override
    public boolean drop(SetAside database) throws IOException {
        failWhenRefused(database.name());
        if (inUse.contains(database.name())) {
            return false;
        }
        dropped.add(database.name());
        return true;
    }

    private void failWhenRefused(String name) throws IOException {
        if (name.equals(refused)) {
            throw new IOException("cannot drop " + name + ": must be owner of database");
        }
    }

    private void failWhenUnreachable() throws IOException {
        if (unreachable) {
            throw new IOException("server is down");
        }
    }
}
