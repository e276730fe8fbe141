package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `catalog:` is a SQLite file or a PostgreSQL URL whose password comes from `catalog_password`, never the URL. */
class CatalogConfigTest {

    private static final String REST = """
            storage: { type: local, path: ./backups }
            encryption: { recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm] }
            databases:
              app: { engine: sqlite, path: ./app.db }
            """;

    @TempDir
    Path dir;

    private CatalogLocation load(String catalogKeys) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, catalogKeys + REST);
        return new ConfigLoader(Map.of("CATALOG_PASSWORD", "Cat-s3cret-1"), dev.backstop.engine.Engines.ALL)
                .load(file).catalog();
    }

    private String error(String catalogKeys) {
        ConfigException failure = assertThrows(ConfigException.class, () -> load(catalogKeys));
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
        return failure.getMessage();
    }

    @Test
    void a_file_catalog_keeps_its_work_dir_beside_it() throws Exception {
        CatalogLocation catalog = load("catalog: ./data/catalog.db\n");
        assertTrue(catalog.isFile());
        assertEquals(dir.resolve("data/catalog.db"), catalog.file());
        assertEquals(dir.resolve("data/work"), catalog.workDir());
        assertEquals(dir.resolve("data/catalog.db").toString(), catalog.where());
    }

    @Test
    void a_postgresql_catalog_takes_its_password_from_the_environment_and_its_work_dir_from_work_dir() throws Exception {
        CatalogLocation catalog = load("""
                catalog: postgresql://backstop@db.internal:5432/backstop
                catalog_password: ${CATALOG_PASSWORD}
                work_dir: /var/lib/backstop/work
                """);
        assertFalse(catalog.isFile());
        assertEquals("postgresql://backstop@db.internal:5432/backstop", catalog.url());
        assertEquals("Cat-s3cret-1", catalog.password());
        assertEquals(Path.of("/var/lib/backstop/work"), catalog.workDir());
        assertFalse(catalog.toString().contains("Cat-s3cret-1"), catalog.toString());
    }

    @Test
    void a_postgresql_catalog_stages_work_in_backstop_data_beside_the_config_by_default() throws Exception {
        CatalogLocation catalog = load("catalog: postgres://backstop@db.internal/backstop\n");
        assertEquals(dir.resolve("backstop-data/work"), catalog.workDir());
        assertEquals("", catalog.password());
    }

    @Test
    void a_password_inside_the_catalog_url_is_refused_in_one_line() {
        String refused = error("catalog: postgresql://backstop:hunter2@db.internal/backstop\n");
        assertTrue(refused.contains("catalog: must not contain a password"), refused);
        assertTrue(refused.contains("catalog_password"), refused);
        assertTrue(error("catalog: postgresql://backstop@db.internal/backstop?password=hunter2\n")
                .contains("must not contain a password"));
    }

    @Test
    void a_catalog_url_of_another_kind_is_refused() {
        assertTrue(error("catalog: mysql://backstop@db.internal/backstop\n")
                .contains("catalog: must be a SQLite file path or a postgresql://user@host:port/database URL"));
    }

    @Test
    void catalog_password_and_work_dir_are_refused_beside_a_catalog_file() {
        assertTrue(error("catalog: ./catalog.db\ncatalog_password: x\n")
                .contains("catalog_password: applies only to a PostgreSQL catalog"));
        assertTrue(error("catalog: ./catalog.db\nwork_dir: ./w\n").contains("work_dir: applies only to a PostgreSQL"));
    }
}
