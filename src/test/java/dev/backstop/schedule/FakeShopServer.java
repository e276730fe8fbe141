package dev.backstop.schedule;

import dev.backstop.engine.PostgresSettings;
import dev.backstop.FakeEngine;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.LeftoverRestore;
import dev.backstop.core.PreRestoreCopy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL engine of the {@code shop} database as the pruner sees it: a server holding the given
 * pre-restore copies and leftover restore databases. Tests fill {@link #copies} and {@link #leftovers},
 * and can mark databases as gaining a session before their drop, refuse the drop of one name, or make
 * the server unreachable. Each successful drop is recorded in {@link #dropped}.
 */
final class FakeShopServer extends FakeEngine {

    /** Where the {@code shop} database lives. */
    static final String URL = "postgresql://ops@db:5432/shop";

    final List<PreRestoreCopy> copies = new ArrayList<>();
    final List<LeftoverRestore> leftovers = new ArrayList<>();
    /** Leftover restore databases that have a session open by the time they are dropped. */
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
    public List<PreRestoreCopy> preRestoreCopies() throws IOException {
        failWhenUnreachable();
        return List.copyOf(copies);
    }

    @Override
    public void dropPreRestoreCopy(PreRestoreCopy copy) throws IOException {
        failWhenRefused(copy.name(), "it is still in use");
        dropped.add(copy.name());
    }

    @Override
    public List<LeftoverRestore> leftoverRestores() throws IOException {
        failWhenUnreachable();
        return List.copyOf(leftovers);
    }

    @Override
    public boolean dropLeftoverRestore(LeftoverRestore leftover) throws IOException {
        failWhenRefused(leftover.name(), "must be owner of database");
        if (inUse.contains(leftover.name())) {
            return false;
        }
        dropped.add(leftover.name());
        return true;
    }

    private void failWhenRefused(String name, String why) throws IOException {
        if (name.equals(refused)) {
            throw new IOException("cannot drop " + name + ": " + why);
        }
    }

    private void failWhenUnreachable() throws IOException {
        if (unreachable) {
            throw new IOException("server is down");
        }
    }
}
