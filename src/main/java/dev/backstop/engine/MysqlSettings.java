package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.Redaction;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;

/**
 * A MySQL or MariaDB database's own settings: its {@code mysql://} URL, and the password from
 * {@code password:} (empty: the URL's). The password reaches the tools only in a mode-600 options file.
 */
public record MysqlSettings(String url, String password) implements EngineSettings {

    @Override
    public String engine() {
        return MysqlProvider.NAME;
    }

    @Override
    public RestoreTarget source() {
        return TargetUrl.parse(url);
    }

    @Override
    public String toString() {
        return "MysqlSettings[" + Redaction.secrets(url) + "]";
    }
}
