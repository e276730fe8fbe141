package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code engine: d1} (Cloudflare D1): {@code account_id}, {@code database_id}, {@code api_token} (read
 * it from the environment: {@code ${CLOUDFLARE_API_TOKEN}}) and {@code api_url}.
 */
public final class D1Provider implements EngineProvider {

    static final String NAME = "d1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("account_id", "", "database_id", "", "api_token", "", "api_url", "");
    }

    @Override
    public EngineSettings parse(EngineSection section) {
        String account = section.requiredString("account_id");
        if (!ID.matcher(account).matches()) {
            throw section.error("account_id", "must be the account's id from the Cloudflare dashboard");
        }
        String database = section.requiredString("database_id");
        if (!ID.matcher(database).matches()) {
            throw section.error("database_id", "must be the database's UUID (`wrangler d1 list`)");
        }
        String token = section.requiredString("api_token");
        String url = section.string("api_url", D1Settings.DEFAULT_API_URL);
        try {
            URI parsed = URI.create(url);
            if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException invalid) {
            throw section.error("api_url", "must be an https:// URL such as " + D1Settings.DEFAULT_API_URL);
        }
        return new D1Settings(account, database, token, url);
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        D1Settings settings = (D1Settings) database.settings();
        return new D1Engine(settings.apiUrl(), settings.accountId(), settings.databaseId(), settings.apiToken(),
                workDir);
    }
}
