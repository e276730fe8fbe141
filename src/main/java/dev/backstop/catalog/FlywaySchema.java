package dev.backstop.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
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
 * script. A catalog with a step this build does not know is refused. A catalog whose history already
 * holds exactly this build's scripts is left to a cheap read ({@link #current}) instead of Flyway, which
 * would scan the class path and load several hundred classes at every command.
 */
final class FlywaySchema {

    /** The version the legacy steps end at and Flyway's scripts begin at. */
    static final String BASELINE = "10";

    /**
     * The scripts this build ships in each dialect's folder, oldest first. {@code FlywaySchemaTest} checks the list
     * against the scripts Flyway finds, so a new script missing here fails the build rather than every open
     * quietly taking Flyway's slow path.
     */
    static final List<String> SCRIPTS = List.of("V10__schema.sql", "V11__scheduled_tasks.sql",
            "V12__cluster_state.sql");

    private FlywaySchema() {
    }

    /**
     * True when the catalog's schema history holds exactly {@link #SCRIPTS}, in order, each applied with success
     * and the checksum of the script this build ships (version {@value #BASELINE} may instead be the baseline of
     * a legacy catalog): Flyway would then apply, refuse and repair nothing. False for anything else (no
     * history, a failed, changed, missing or newer step, any error), and Flyway decides as before.
     */
    static boolean current(DataSource source, CatalogDialect dialect) {
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet steps = statement.executeQuery("SELECT version, type, checksum, success"
                     + " FROM flyway_schema_history ORDER BY installed_rank")) {
            int index = 0;
            while (steps.next()) {
                if (index == SCRIPTS.size()) {
                    return false;
                }
                String script = SCRIPTS.get(index++);
                String version = script.substring(1, script.indexOf("__"));
                int checksum = steps.getInt("checksum");
                boolean recorded = !steps.wasNull();
                boolean applied = "SQL".equals(steps.getString("type")) && recorded
                        && checksum == checksum(dialect, script);
                boolean baseline = "BASELINE".equals(steps.getString("type")) && BASELINE.equals(version);
                if (!version.equals(steps.getString("version")) || !steps.getBoolean("success")
                        || !(applied || baseline)) {
                    return false;
                }
            }
            return index == SCRIPTS.size();
        } catch (SQLException | IOException | RuntimeException unknown) {
            return false;
        }
    }

    /**
     * Flyway's checksum of a SQL script: CRC-32 of the UTF-8 bytes of its lines without their line ends (and
     * without a byte order mark), as a signed int.
     */
    static int checksum(CatalogDialect dialect, String script) throws IOException {
        String resource = "db/migration/" + dialect.label() + "/" + script;
        InputStream in = FlywaySchema.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing " + resource);
        }
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean first = true;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
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
