package dev.backstop.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;

/**
 * The catalog's schema from version 10 on, in Flyway SQL scripts, one set per dialect under
 * {@code db/migration/DIALECT/}. A fresh catalog runs {@code V10__schema.sql}; a SQLite catalog the
 * legacy steps brought to version 10 is baselined there and keeps its rows; either then gets every later
 * script. A catalog with a step this build does not know is refused.
 */
final class FlywaySchema {

    /** The version the legacy steps end at and Flyway's scripts begin at. */
    static final String BASELINE = "10";

    private FlywaySchema() {
    }

    /** The folder of {@code dialect}'s scripts on the class path. */
    static String location(CatalogDialect dialect) {
        return "classpath:db/migration/" + dialect.label();
    }

    /**
     * Applies the scripts in {@code locations} that the catalog lacks. Throws a one-line
     * {@link IllegalStateException} when the catalog holds a step newer than any of them.
     */
    static void migrate(DataSource source, CatalogDialect dialect, List<String> locations) {
        Flyway flyway = Flyway.configure(FlywaySchema.class.getClassLoader())
                .dataSource(source)
                .locations(locations.toArray(String[]::new))
                // Only a SQLite file can hold a legacy catalog; a PostgreSQL database with other tables but no
                // history is not ours to baseline.
                .baselineOnMigrate(dialect == CatalogDialect.SQLITE)
                .baselineVersion(BASELINE)
                .baselineDescription("legacy schema steps 1 to 10")
                .load();
        refuseNewer(flyway.info().all());
        try {
            flyway.migrate();
        } catch (FlywayValidateException damaged) {
            throw new IllegalStateException("its schema history (flyway_schema_history) does not match this"
                    + " Backstop's scripts (" + firstDetail(damaged) + "); restore the catalog from a copy, or repair"
                    + " that table by hand; Backstop changed nothing");
        } catch (FlywayException refused) {
            if (String.valueOf(refused.getMessage()).contains("no schema history table")) {
                throw new IllegalStateException("the database has tables but no flyway_schema_history, so it is not"
                        + " a Backstop catalog (or lost its history); give Backstop an empty database of its own");
            }
            throw refused;
        }
    }

    /** The first line of what Flyway found wrong, such as {@code Migration checksum mismatch for migration version 12}. */
    private static String firstDetail(FlywayValidateException damaged) {
        return String.valueOf(damaged.getMessage()).lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("Validate failed") && !line.startsWith("->"))
                .findFirst().orElse("validation failed");
    }

    private static void refuseNewer(MigrationInfo[] steps) {
        List<MigrationInfo> future = new ArrayList<>(Arrays.stream(steps)
                .filter(step -> step.getState() == MigrationState.FUTURE_SUCCESS
                        || step.getState() == MigrationState.FUTURE_FAILED).toList());
        if (future.isEmpty()) {
            return;
        }
        MigrationVersion known = Arrays.stream(steps).filter(step -> step.getState().isResolved())
                .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        MigrationVersion newest = future.stream().map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo).orElseThrow();
        throw new IllegalStateException("schema version " + newest + " is newer than this Backstop knows ("
                + known + "); upgrade Backstop");
    }
}
