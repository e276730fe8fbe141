package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;

/**
 * A PostgreSQL database's own settings: its {@code postgresql://} URL, and the password from
 * {@code password:} (empty: the URL's, then PGPASSWORD or ~/.pgpass). The password never reaches argv.
 */
public record PostgresSettings(String url, String password) implements EngineSettings {

    @Override
    public String engine() {
        return PostgresProvider.NAME;
    }

    @Override
    public RestoreTarget source() {
        return TargetUrl.parse(url);
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + dev.backstop.core.Redaction.secrets(url) + "]";
    }
}
