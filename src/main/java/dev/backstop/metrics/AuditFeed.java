package dev.backstop.metrics;

import dev.backstop.catalog.Catalog;
import dev.backstop.catalog.NumberedAuditEntry;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the audit log from where it stood at start-up and counts each ended backup, restore, drill,
 * verification and prune once. Durations and sizes come from the backup's catalog row; a restore's
 * duration from the "took N ms" its audit entry states.
 */
final class AuditFeed {

    private static final int BATCH = 500;
    /** The outcomes of things that ran; a refused request never started and is not counted. */
    private static final Set<String> ENDINGS = Set.of("succeeded", "failed", "passed");
    private static final Pattern TOOK = Pattern.compile("^took (\\d+) ms");

    private final Catalog catalog;
    private final EventMetrics events;
    private long seen;

    AuditFeed(Catalog catalog, EventMetrics events) {
        this.catalog = catalog;
        this.events = events;
        this.seen = catalog.lastAuditSeq();
    }

    /** Counts every entry written since the last call. */
    void catchUp() {
        for (List<NumberedAuditEntry> batch = catalog.auditAfter(seen, BATCH); !batch.isEmpty();
             batch = catalog.auditAfter(seen, BATCH)) {
            for (NumberedAuditEntry numbered : batch) {
                count(numbered.entry());
                seen = numbered.seq();
            }
        }
    }

    private void count(AuditEntry entry) {
        String database = entry.database();
        if (!ENDINGS.contains(entry.outcome())) {
            return; // e.g. a chat command refused before anything started
        }
        switch (entry.action()) {
            case "backup" -> {
                events.backupEnded(database, entry.outcome());
                if (entry.outcome().equals("succeeded")) {
                    backup(entry).filter(backup -> backup.finishedAt() != null).ifPresent(backup -> events.backupTook(
                            database, seconds(Duration.between(backup.createdAt(), backup.finishedAt())),
                            backup.sizeBytes()));
                }
            }
            case "restore" -> {
                events.restoreEnded(database, entry.outcome());
                Matcher took = TOOK.matcher(entry.detail());
                if (entry.outcome().equals("succeeded") && took.find()) {
                    long bytes = backup(entry).map(BackupRecord::sizeBytes).orElse(0L);
                    events.restoreTook(database, Long.parseLong(took.group(1)) / 1000.0, bytes);
                }
            }
            case "drill" -> events.drillEnded(database, entry.outcome());
            case "verify" -> events.verified(database, entry.outcome());
            case "prune" -> {
                if (entry.outcome().equals("succeeded") && !entry.backupId().isEmpty()) {
                    events.pruned(database);
                }
            }
            default -> {
                // Other actions (votes, access refusals, drops of leftovers) are not counted.
            }
        }
    }

    private Optional<BackupRecord> backup(AuditEntry entry) {
        return catalog.find(entry.database(), entry.backupId());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
