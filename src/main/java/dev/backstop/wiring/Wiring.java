package dev.backstop.wiring;

import dev.backstop.approval.ApprovalService;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.ObjectStore;
import dev.backstop.engine.Engines;
import dev.backstop.engine.SqliteNativeLibrary;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.BackupsInUse;
import dev.backstop.pipeline.DrillService;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.pipeline.RunningJobs;
import dev.backstop.schedule.LeftoverFiles;
import dev.backstop.schedule.Pruner;
import dev.backstop.schedule.ThreadTicker;
import dev.backstop.services.Services;
import dev.backstop.store.LocalObjectStore;
import dev.backstop.store.S3Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads the config and wires the implementations together; with {@link Serving}, the only code that knows them all. */
public final class Wiring {

    private Wiring() {
    }

    /**
     * Builds every service from the config file, with the system clock; first points sqlite-jdbc at a
     * private copy of its native library ({@link SqliteNativeLibrary}), which saves every command its extraction.
     */
    public static Services services(Path configFile) {
        SqliteNativeLibrary.prepare();
        return services(new ConfigLoader(System.getenv(), Engines.ALL).load(configFile), Clock.systemUTC());
    }

    /**
     * Builds every service; job locks and backups in use live in the catalog, so every process and replica
     * sharing it sees them. With a PostgreSQL catalog every service reads the catalog's clock, which follows the
     * database server's, instead of {@code given}, so replicas on several machines agree on the time; a SQLite
     * catalog keeps {@code given}.
     */
    public static Services services(BackstopConfig config, Clock given) {
        ObjectStore store = store(config.storage());
        Path workDir = config.catalog().workDir();
        Catalog catalog = Catalog.open(config.catalog(), given);
        Clock clock = catalog.clock();
        JobLocks locks = new JobLocks(catalog, clock);
        ObjectLayout layout = new ObjectLayout(config.storage().prefix());
        BackupsInUse inUse = new BackupsInUse(catalog, clock);
        Pruner pruner = new Pruner(store, catalog, database -> {
            Set<String> ids = new HashSet<>(catalog.backupsAwaitingRestore(database, clock.instant()));
            ids.addAll(inUse.ids(database));
            return ids;
        }, database -> engine(database, workDir, clock), new LeftoverFiles(workDir, localStoreRoot(config.storage())),
                clock);
        RunningJobs jobs = new RunningJobs(config.scheduler().stallTimeout(), new ThreadTicker("backstop-stall-watch"),
                clock);
        BackupService backups = new BackupService(config, database -> engine(database, workDir, clock), store,
                layout, catalog, locks, pruner, new ThreadTicker("backstop-heartbeat"), jobs, clock);
        RestoreService restores = new RestoreService(config, database -> engine(database, workDir, clock), store,
                catalog, locks, workDir, jobs, clock);
        DrillService drills = new DrillService(config, database -> engine(database, workDir, clock), restores, store,
                layout, catalog, inUse, clock);
        ApprovalService approvals = new ApprovalService(config, catalog, backups, restores,
                new ThreadTicker("backstop-restore-heartbeat"), clock);
        return new Services(config, catalog, store, layout, backups, restores, pruner, drills, approvals, clock);
    }

    private static Optional<Path> localStoreRoot(StorageConfig storage) {
        return "local".equals(storage.type()) ? Optional.of(storage.path()) : Optional.empty();
    }

    public static ObjectStore store(StorageConfig storage) {
        return switch (storage.type()) {
            case "local" -> new LocalObjectStore(storage.path());
            case "s3" -> S3Stores.connect(storage);
            default -> throw new BackstopException("storage type " + storage.type() + " is not known;"
                    + " use storage.type: local or s3");
        };
    }

    public static DatabaseEngine engine(DatabaseConfig database, Path workDir, Clock clock) {
        return Engines.create(database, workDir, clock);
    }
}
