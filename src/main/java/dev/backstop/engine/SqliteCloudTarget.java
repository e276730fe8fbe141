package dev.backstop.engine;

import dev.backstop.core.BackstopException;
import dev.backstop.core.Redaction;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A database of a SQLite Cloud project as a restore target: {@code sqlitecloud://HOST/NAME}. */
record SqliteCloudTarget(String host, String database) {

    static final String SCHEME = "sqlitecloud";
    private static final Pattern SPELLING = Pattern.compile("(?i)sqlitecloud://([^/@?#\\s]+)/([A-Za-z0-9._-]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    SqliteCloudTarget {
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The database {@code database} of the project at {@code url}; the host keeps a port that is not the default. */
    static SqliteCloudTarget of(URI url, String database) {
        return new SqliteCloudTarget(url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort(), database);
    }

    /** Whether {@code database} is a name SQLite Cloud takes in a path: letters, digits, dots, dashes, underscores. */
    static boolean validName(String database) {
        return NAME.matcher(database).matches() && !database.equals(".") && !database.equals("..");
    }

    /** Reads {@code spelled}; throws a one-line error when it is not {@code sqlitecloud://HOST/NAME}. */
    static SqliteCloudTarget parse(String spelled) {
        Matcher matcher = SPELLING.matcher(spelled == null ? "" : spelled.strip());
        if (!matcher.matches() || !validName(matcher.group(2))) {
            throw new BackstopException("`" + Redaction.secrets(spelled) + "` is not a SQLite Cloud database; write"
                    + " sqlitecloud://HOST/NAME, such as sqlitecloud://abc.sqlite.cloud/restored.sqlite");
        }
        return new SqliteCloudTarget(matcher.group(1), matcher.group(2));
    }

    String spelled() {
        return SCHEME + "://" + host + "/" + database;
    }
}
