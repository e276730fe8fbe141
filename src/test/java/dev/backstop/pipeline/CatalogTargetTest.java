package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.BackstopException;
import dev.backstop.engine.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No restore may overwrite Backstop's own catalog: its SQLite file, or its PostgreSQL database however spelled. */
class CatalogTargetTest {

    private static final String REST = """
            storage: { type: local, path: ./backups }
            encryption: { recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm] }
            databases:
              app: { engine: sqlite, path: ./app.db }
              pg: { engine: postgres, url: "postgresql://app@127.0.0.1:5432/shop" }
            """;

    @TempDir
    Path dir;

    private BackstopConfig load(String catalog) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, catalog + REST);
        return new ConfigLoader(Map.of(), Engines.ALL).load(file);
    }

    @Test
    void a_restore_into_the_postgresql_catalog_is_refused_however_its_url_is_spelled() throws Exception {
        ProductionTargets targets = new ProductionTargets(load("catalog: postgresql://backstop@127.0.0.1:5432/backstop\n"));
        BackstopException refused = assertThrows(BackstopException.class, () -> targets.approvalNeeded(
                targets.config().database("pg").orElseThrow(), "postgres://backstop@localhost/backstop", dir));
        assertEquals("`postgres://backstop@localhost/backstop` is Backstop's catalog"
                + " (postgresql://backstop@127.0.0.1:5432/backstop); no restore writes there, so pick another target",
                refused.getMessage());
        assertEquals(Optional.empty(), targets.approvalNeeded(targets.config().database("pg").orElseThrow(),
                "postgresql://backstop@127.0.0.1:5432/backstop_copy", dir), "another database on that server is fine");
    }

    @Test
    void a_restore_into_the_catalog_file_or_its_wal_is_refused() throws Exception {
        ProductionTargets targets = new ProductionTargets(load("catalog: ./catalog.db\n"));
        for (String target : new String[] {"./catalog.db", "catalog.db-wal"}) {
            BackstopException refused = assertThrows(BackstopException.class, () -> targets.approvalNeeded(
                    targets.config().database("app").orElseThrow(), target, dir));
            assertTrue(refused.getMessage().contains("is Backstop's catalog"), refused.getMessage());
        }
    }
}
