package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;

/**
 * A Cloudflare D1 database's own settings: its account and database ids, the API token (a secret: never
 * shown by {@link #toString}) and the API's base URL.
 */
public record D1Settings(String accountId, String databaseId, String apiToken, String apiUrl) implements EngineSettings {

    /** Cloudflare's API. */
    public static final String DEFAULT_API_URL = "https://api.cloudflare.com/client/v4";

    @Override
    public String engine() {
        return D1Provider.NAME;
    }

    @Override
    public RestoreTarget source() {
        return TargetUrl.parse(D1Database.SCHEME + databaseId);
    }

    @Override
    public String toString() {
        return "D1Settings[account_id=" + accountId + ", database_id=" + databaseId + ", api_url=" + apiUrl + "]";
    }
}
