package dev.backstop;

import dev.backstop.approval.ApprovalService;
import dev.backstop.catalog.Catalog;
import dev.backstop.cli.BackstopCli;
import dev.backstop.cli.Services;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.ObjectStore;
import dev.backstop.engine.PostgresEngine;
import dev.backstop.engine.SqliteEngine;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.DrillService;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.schedule.Pruner;
import dev.backstop.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point: reads the config and wires the implementations; the only class that knows them all. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(BackstopCli.run(Main::services, args));
    }

    /** Builds every service from the config file, with the system clock. */
    public static Services services(Path configFile) {
        return services(new ConfigLoader(System.getenv()).load(configFile), Clock.systemUTC());
    }

    public static Services services(BackstopConfig config, Clock clock) {
        ObjectStore store = store(config.storage());
        Path workDir = config.catalog().toAbsolutePath().getParent().resolve("work");
        Catalog catalog = Catalog.open(config.catalog());
        JobLocks locks = new JobLocks();
        ObjectLayout layout = new ObjectLayout(config.storage().prefix());
        Pruner pruner = new Pruner(store, catalog, catalog::backupsAwaitingRestore, clock);
        BackupService backups = new BackupService(config, database -> engine(database, workDir), store,
                layout, catalog, locks, pruner, clock);
        RestoreService restores = new RestoreService(config, database -> engine(database, workDir), store, catalog,
                locks, workDir, clock);
        DrillService drills = new DrillService(config, database -> engine(database, workDir), restores, store, layout,
                catalog, clock);
        ApprovalService approvals = new ApprovalService(config, catalog, backups, restores, clock);
        return new Services(config, catalog, backups, restores, pruner, drills, approvals, clock);
    }

    static ObjectStore store(StorageConfig storage) {
        return switch (storage.type()) {
            case "local" -> new LocalObjectStore(storage.path());
            case "s3" -> dev.backstop.store.S3Stores.connect(storage);
            default -> throw new BackstopException("storage type " + storage.type() + " is not in this build yet;"
                    + " use storage.type: local");
        };
    }

    static DatabaseEngine engine(DatabaseConfig database, Path workDir) {
        return switch (database.engine()) {
            case "sqlite" -> new SqliteEngine(database.path(), workDir);
            case "postgres" -> new PostgresEngine(database.url(), database.password(), workDir);
            default -> throw new BackstopException("engine " + database.engine() + " is not in this build yet;"
                    + " databases." + database.name() + ".engine must be sqlite or postgres");
        };
    }
}
