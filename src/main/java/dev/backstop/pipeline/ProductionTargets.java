package dev.backstop.pipeline;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.CatalogLocation;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Redaction;
import dev.backstop.core.TargetFile;
import dev.backstop.core.TargetUrl;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.RestoreTarget;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The production-target rule: a restore that would overwrite a database marked {@code production}
 * needs two approvers, whichever database the backup came from and however the target is spelled
 * (a path through a link or {@code ..}, a URL with another host spelling or the default port).
 */
public final class ProductionTargets {

    private final BackstopConfig config;

    public ProductionTargets(BackstopConfig config) {
        this.config = config;
    }

    /**
     * The production database that makes restoring a backup of {@code from} into {@code target} need
     * two approvers, if any: {@code from} itself when it is production (wherever its backup goes),
     * else the production database the target overwrites. A null or blank target is {@code from}'s own
     * location, and a relative path is resolved against {@code base}. Throws a one-line error when the
     * target cannot be followed, or is Backstop's own catalog (its file, or its PostgreSQL database).
     */
    public Optional<DatabaseConfig> approvalNeeded(DatabaseConfig from, String target, Path base) {
        boolean inPlace = target == null || target.isBlank();
        RestoreTarget place = inPlace ? source(from) : RestoreTarget.of(target, base);
        if (isCatalog(place)) {
            throw new BackstopException("`" + Redaction.secrets(inPlace ? from.name() : target) + "` is Backstop's"
                    + " catalog (" + config.catalog().where() + "); no restore writes there, so pick another target");
        }
        if (from.production()) {
            return Optional.of(from);
        }
        return config.databases().values().stream().filter(DatabaseConfig::production)
                .filter(database -> source(database).samePlace(place)).findFirst();
    }

    public BackstopConfig config() {
        return config;
    }

    /** Whether {@code place} is where Backstop keeps its catalog: the file (or its sidecars), or the same database. */
    private boolean isCatalog(RestoreTarget place) {
        CatalogLocation catalog = config.catalog();
        if (catalog.isFile()) {
            return place instanceof TargetFile file && file.isOrBeside(TargetFile.of(catalog.file()));
        }
        return place instanceof TargetUrl && catalog.place().samePlace(place);
    }

    /** Where {@code database} itself lives: its file's real path, or its URL. */
    public static RestoreTarget source(DatabaseConfig database) {
        return database.settings().source();
    }
}
