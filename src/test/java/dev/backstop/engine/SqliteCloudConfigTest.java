package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigException;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.TargetUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine: sqlitecloud} in a config file: its keys, their checks, and a key that is never shown. */
class SqliteCloudConfigTest {

    private static final String KEY = "sqc-Config-Key-30417";

    @TempDir
    Path dir;

    private BackstopConfig load(String section) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, """
                catalog: ./catalog.db
                storage: { type: local, path: ./backups }
                encryption: { recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm] }
                databases:
                  games:
                """ + section.indent(4));
        return new ConfigLoader(Map.of("SQLITECLOUD_API_KEY", KEY), Engines.ALL).load(file);
    }

    private String refused(String section) {
        return assertThrows(ConfigException.class, () -> load(section)).getMessage();
    }

    @Test
    void the_key_comes_from_the_environment_and_is_never_shown() throws Exception {
        DatabaseConfig games = load("""
                engine: sqlitecloud
                url: https://abc123.sqlite.cloud
                database: games.sqlite
                api_key: ${SQLITECLOUD_API_KEY}
                """).databases().get("games");

        SqliteCloudSettings settings = (SqliteCloudSettings) games.settings();
        assertEquals(KEY, settings.apiKey());
        assertFalse(settings.toString().contains(KEY), settings.toString());
        assertFalse(games.toString().contains(KEY), games.toString());
        TargetUrl source = (TargetUrl) settings.source();
        assertEquals("games.sqlite", source.database());
        assertEquals("sqlitecloud", source.scheme());
        assertEquals("sqlitecloud://abc123.sqlite.cloud/games.sqlite",
                new SqliteCloudProvider().create(games, dir, java.time.Clock.systemUTC()).defaultTarget());
    }

    @Test
    void a_url_with_a_path_user_or_key_and_a_bad_database_name_are_refused_naming_the_key() {
        String base = "engine: sqlitecloud\ndatabase: games.sqlite\napi_key: ${SQLITECLOUD_API_KEY}\n";
        for (String url : new String[] {"https://abc.sqlite.cloud/v2", "https://u:p@abc.sqlite.cloud",
                "https://abc.sqlite.cloud?apikey=x", "ftp://abc.sqlite.cloud", "abc.sqlite.cloud"}) {
            String message = refused(base + "url: " + url + "\n");
            assertTrue(message.contains("databases.games.url"), message);
            assertTrue(message.contains("https://PROJECT.sqlite.cloud"), message);
        }
        String name = refused("engine: sqlitecloud\nurl: https://abc.sqlite.cloud\ndatabase: ../etc\n"
                + "api_key: ${SQLITECLOUD_API_KEY}\n");
        assertTrue(name.contains("databases.games.database"), name);
        String missing = refused("engine: sqlitecloud\nurl: https://abc.sqlite.cloud\ndatabase: games.sqlite\n");
        assertTrue(missing.contains("databases.games.api_key"), missing);
    }

    @Test
    void keys_of_other_engines_are_refused_naming_their_engine() {
        String path = refused("engine: sqlitecloud\nurl: https://abc.sqlite.cloud\ndatabase: games.sqlite\n"
                + "api_key: ${SQLITECLOUD_API_KEY}\npath: ./games.db\n");
        assertTrue(path.contains("applies only to sqlite databases"), path);
        String apiKey = refused("engine: sqlite\npath: ./games.db\napi_key: ${SQLITECLOUD_API_KEY}\n");
        assertTrue(apiKey.contains("applies only to sqlitecloud databases"), apiKey);
        assertFalse(apiKey.contains(KEY), apiKey);
    }
}
