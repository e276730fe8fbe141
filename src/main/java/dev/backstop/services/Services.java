package dev.backstop.services;

import dev.backstop.approval.ApprovalService;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.ObjectStore;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.DrillService;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.schedule.Pruner;
import java.time.Clock;

/** What the verbs need, built by {@code wiring.Wiring} from the config. Closing it closes the catalog. */
public record Services(BackstopConfig config, Catalog catalog, ObjectStore store, ObjectLayout layout,
                       BackupService backups, RestoreService restores, Pruner pruner, DrillService drills,
                       ApprovalService approvals, Clock clock) implements AutoCloseable {
    @Override
    public void close() {
        catalog.close();
    }
}
