package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigException;
import dev.backstop.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine: d1} in the config: its keys, the default API URL, and a token that is never shown. */
class D1ProviderTest {

    private static final String TOKEN = "cf-secret-from-env-1234";

    @TempDir
    Path dir;

    private BackstopConfig load(String keys) throws IOException {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, """
                catalog: ./catalog.db
                storage:
                  type: local
                  path: ./backups
                encryption:
                  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
                  identity_file: ./age.key
                databases:
                  edge:
                    engine: d1
                """ + keys.indent(4));
        return new ConfigLoader(Map.of("CLOUDFLARE_API_TOKEN", TOKEN), Engines.ALL).load(file);
    }

    @Test
    void the_token_is_read_from_the_environment_and_never_shown() throws IOException {
        BackstopConfig config = load("account_id: acc1\ndatabase_id: 0a1b2c3d-aaaa-bbbb-cccc-001122334455\n"
                + "api_token: ${CLOUDFLARE_API_TOKEN}\n");

        D1Settings settings = (D1Settings) config.database("edge").orElseThrow().settings();

        assertEquals(TOKEN, settings.apiToken());
        assertEquals("https://api.cloudflare.com/client/v4", settings.apiUrl());
        assertFalse(settings.toString().contains(TOKEN), settings.toString());
        assertFalse(config.database("edge").orElseThrow().toString().contains(TOKEN));
    }

    @Test
    void a_missing_token_or_a_wrong_api_url_names_the_key() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> load("account_id: acc1\ndatabase_id: db1\n"));
        ConfigException url = assertThrows(ConfigException.class,
                () -> load("account_id: acc1\ndatabase_id: db1\napi_token: x\napi_url: ftp://example.com\n"));
        ConfigException other = assertThrows(ConfigException.class,
                () -> load("account_id: acc1\ndatabase_id: db1\napi_token: x\npath: ./app.db\n"));

        assertTrue(missing.getMessage().contains("databases.edge.api_token"), missing.getMessage());
        assertTrue(url.getMessage().contains("databases.edge.api_url: must be an https:// URL"), url.getMessage());
        assertTrue(other.getMessage().contains("path"), other.getMessage());
    }
}
