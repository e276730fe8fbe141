package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine is a provider handed to the loader: its own keys, its own strict parser, its own settings record. */
class EnginePluginConfigTest {

    private static final String CONFIG = """
            catalog: ./catalog.db
            storage: { type: local, path: ./backups }
            encryption: { recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm] }
            databases:
              cache:
                engine: memo
                endpoint: memo://cache.internal/0
                flush_every: 5s
            """;

    /** Settings of the test engine: one URL and one duration. */
    record MemoSettings(String endpoint, Duration flushEvery) implements EngineSettings {
        @Override
        public String engine() {
            return "memo";
        }

        @Override
        public RestoreTarget source() {
            return TargetUrl.parse(endpoint);
        }
    }

    /** A provider the registry does not list, as a new engine would be. */
    static final class MemoProvider implements EngineProvider {
        @Override
        public String name() {
            return "memo";
        }

        @Override
        public Map<String, String> keys() {
            return Map.of("endpoint", "", "flush_every", "which flush on a timer");
        }

        @Override
        public EngineSettings parse(EngineSection section) {
            String endpoint = section.requiredString("endpoint");
            if (!endpoint.startsWith("memo://")) {
                throw section.error("endpoint", "must start with memo://");
            }
            return new MemoSettings(endpoint, section.duration("flush_every", Duration.ofSeconds(1)));
        }

        @Override
        public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
            throw new UnsupportedOperationException("not needed to read a config");
        }
    }

    @TempDir
    Path dir;

    private BackstopConfig load(String yaml) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of(), List.of(new dev.backstop.engine.SqliteProvider(), new MemoProvider()))
                .load(file);
    }

    private String error(String yaml) {
        Path file = dir.resolve("backstop.yml");
        String message = assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
        assertEquals(file + ": ", message.substring(0, file.toString().length() + 2));
        return message.substring(file.toString().length() + 2);
    }

    @Test
    void a_provider_parses_its_own_section_into_its_own_settings() throws Exception {
        DatabaseConfig cache = load(CONFIG).database("cache").orElseThrow();
        assertEquals(new MemoSettings("memo://cache.internal/0", Duration.ofSeconds(5)), cache.settings());
        assertEquals("memo", cache.engine());
    }

    @Test
    void a_providers_errors_name_the_key_like_every_config_error() {
        assertEquals("databases.cache.endpoint: must start with memo://",
                error(CONFIG.replace("memo://cache", "http://cache")));
        assertEquals("databases.cache.endpoint: is required", error(CONFIG.replace("    endpoint: memo://cache.internal/0\n", "")));
        String badDuration = error(CONFIG.replace("5s", "soon"));
        assertEquals("databases.cache.flush_every: 'soon'", badDuration.substring(0, badDuration.indexOf("'soon'") + 6));
    }

    @Test
    void a_key_of_another_engine_names_the_engine_it_belongs_to() {
        assertEquals("databases.cache.busy_timeout: applies only to sqlite databases, whose backups wait for the"
                + " app's lock; remove it", error(CONFIG + "    busy_timeout: 5s\n"));
        assertEquals("databases.cache.colour: unknown key (allowed here: alerts_channel, drill, endpoint, engine,"
                + " flush_every, freshness, keep_pre_restore, operators, production, restore_targets, retention,"
                + " schedule)", error(CONFIG + "    colour: blue\n"));
        assertEquals("databases.cache.engine: unknown engine 'oracle' (expected memo or sqlite)",
                error(CONFIG.replace("engine: memo", "engine: oracle")));
    }
}
