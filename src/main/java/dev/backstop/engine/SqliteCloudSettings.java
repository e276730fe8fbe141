package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;
import java.net.URI;

/**
 * A SQLite Cloud database's own settings: the project's HTTPS {@code url}, the {@code database} file
 * name, and the {@code api_key}. The key reaches SQLite Cloud only in the Authorization header; it is
 * never shown, logged or stored.
 */
public record SqliteCloudSettings(String url, String database, String apiKey) implements EngineSettings {

    @Override
    public String engine() {
        return SqliteCloudProvider.NAME;
    }

    /** The database as a target URL, {@code sqlitecloud://HOST/DATABASE}, without the key. */
    @Override
    public RestoreTarget source() {
        return TargetUrl.parse(SqliteCloudTarget.of(URI.create(url), database).spelled());
    }

    @Override
    public String toString() {
        return "SqliteCloudSettings[" + url + ", " + database + "]";
    }
}
