package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.OpenAlert;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns conditions into alerts, one per incident: a new condition is sent once, a persisting one
 * is repeated at most every {@code alerts.repeat}, and a cleared one sends one "recovered" that says what is
 * true now. The
 * state lives in the catalog, so a restart does not alert again.
 */
public final class AlertMonitor {

    private final BackstopConfig config;
    private final Catalog catalog;
    private final ObjectStore store;
    private final Function<String, ObjectKey> probeKey;
    private final List<AlertSink> sinks;
    private final AlertConditions conditions;
    private final Clock clock;

    public AlertMonitor(BackstopConfig config, Catalog catalog, ObjectStore store, Function<String, ObjectKey> probeKey,
                        List<AlertSink> sinks, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.store = store;
        this.probeKey = probeKey;
        this.sinks = List.copyOf(sinks);
        this.conditions = new AlertConditions(catalog, config.alerts().sizeAnomalyPercent());
        this.clock = clock;
    }

    /** Checks every database and sends what changed; returns the alerts sent. */
    public List<Alert> check() {
        Instant now = clock.instant();
        List<Alert> sent = new ArrayList<>();
        Map<String, OpenAlert> open = new java.util.HashMap<>();
        for (OpenAlert alert : catalog.openAlerts()) {
            open.put(alert.database() + "/" + alert.kind(), alert);
        }
        Map<String, DatabaseHistory> histories = DatabaseHistory.of(catalog, config.databases().keySet());
        for (DatabaseConfig database : config.databases().values()) {
            Map<String, String> holding = conditions.evaluate(database, histories.get(database.name()), now);
            storageProblem(database).ifPresent(message -> holding.put("storage.unreachable", message));
            for (String kind : AlertConditions.KINDS) {
                OpenAlert current = open.get(database.name() + "/" + kind);
                String message = holding.get(kind);
                if (message != null && current == null) {
                    if (deliver(new Alert(kind, database.name(), message, now, channel(database), false), sent)) {
                        catalog.saveAlert(new OpenAlert(database.name(), kind, now, now, message));
                    }
                } else if (message != null && !now.isBefore(current.lastSentAt().plus(config.alerts().repeat()))) {
                    if (deliver(new Alert(kind, database.name(), "still: " + message, now, channel(database), true), sent)) {
                        catalog.saveAlert(new OpenAlert(database.name(), kind, current.openedAt(), now, message));
                    }
                } else if (message == null && current != null) {
                    String cleared = conditions.recovered(kind, database, now, store.describe());
                    if (deliver(new Alert(kind + ".recovered", database.name(), cleared, now, channel(database), false),
                            sent)) {
                        catalog.closeAlert(database.name(), kind);
                    }
                }
            }
        }
        return sent;
    }

    private java.util.Optional<String> storageProblem(DatabaseConfig database) {
        try {
            store.head(probeKey.apply(database.name()));
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException unreachable) {
            return java.util.Optional.of("storage " + store.describe() + " is unreachable: " + unreachable.getMessage());
        }
    }

    private String channel(DatabaseConfig database) {
        return database.alertsChannel().isEmpty() ? config.slack().alertsChannel() : database.alertsChannel();
    }

    /** Sends to every sink; counts as delivered when at least one sink took it, so a dead sink cannot cause repeats. */
    private boolean deliver(Alert alert, List<Alert> sent) {
        boolean delivered = sinks.isEmpty();
        for (AlertSink sink : sinks) {
            try {
                sink.send(alert);
                delivered = true;
            } catch (IOException | RuntimeException failed) {
                catalog.audit(new dev.backstop.core.AuditEntry(alert.timestamp(), "backstop", "alert", alert.database(),
                        "", alert.event(), "failed", "could not deliver: " + failed.getMessage()));
            }
        }
        if (delivered) {
            sent.add(alert);
        }
        return delivered;
    }
}
