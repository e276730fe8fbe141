package dev.backstop.metrics;

import dev.backstop.config.BackstopConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The counters and histograms of things that happened: each only goes up while the process lives. */
final class EventMetrics {

    private static final double[] SECONDS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600};
    private static final double[] PASS_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** 1 KiB, 4 KiB, ... 1 TiB. */
    private static final int SIZE_BUCKETS = 16;

    private final Counter backups;
    private final Counter restores;
    private final Counter drills;
    private final Counter verifications;
    private final Counter pruned;
    private final Counter alerts;
    private final Histogram backupSeconds;
    private final Histogram backupBytes;
    private final Histogram restoreSeconds;
    private final Histogram restoreBytes;
    private final Histogram monitorPass;

    EventMetrics(BackstopConfig config, PrometheusRegistry registry) {
        backups = counter(registry, "backstop_backups_total", "Backups that ended, by outcome.", "outcome");
        restores = counter(registry, "backstop_restores_total", "Restores that ended, by outcome.", "outcome");
        drills = counter(registry, "backstop_drills_total", "Restore drills that ended, by outcome.", "outcome");
        verifications = counter(registry, "backstop_verifications_total", "Backups verified, by outcome.",
                "outcome");
        pruned = counter(registry, "backstop_backups_pruned_total", "Backups retention deleted.");
        alerts = Counter.builder().name("backstop_alerts_total")
                .help("Alert deliveries, by event, sink and outcome (sent or failed).")
                .labelNames("database", "event", "sink", "outcome").withoutExemplars().register(registry);
        backupSeconds = seconds(registry, "backstop_backup_duration_seconds", "How long succeeded backups took.");
        backupBytes = bytes(registry, "backstop_backup_size_bytes", "Stored size of succeeded backups.");
        restoreSeconds = seconds(registry, "backstop_restore_duration_seconds", "How long succeeded restores took.");
        restoreBytes = bytes(registry, "backstop_restore_size_bytes", "Stored size of the backups restored.");
        monitorPass = Histogram.builder().name("backstop_monitor_pass_seconds")
                .help("How long the monitor passes this process ran took (sweeps and the alert check).")
                .classicOnly().classicUpperBounds(PASS_SECONDS).withoutExemplars().register(registry);
        for (String database : config.databases().keySet()) {
            for (String outcome : new String[] {"succeeded", "failed"}) {
                backups.initLabelValues(database, outcome);
                restores.initLabelValues(database, outcome);
                verifications.initLabelValues(database, outcome);
            }
            drills.initLabelValues(database, "passed");
            drills.initLabelValues(database, "failed");
            pruned.initLabelValues(database);
            for (Histogram histogram : new Histogram[] {backupSeconds, backupBytes, restoreSeconds, restoreBytes}) {
                histogram.initLabelValues(database);
            }
        }
    }

    void backupEnded(String database, String outcome) {
        backups.labelValues(database, outcome).inc();
    }

    void backupTook(String database, double seconds, long sizeBytes) {
        backupSeconds.labelValues(database).observe(seconds);
        backupBytes.labelValues(database).observe(sizeBytes);
    }

    void restoreEnded(String database, String outcome) {
        restores.labelValues(database, outcome).inc();
    }

    void restoreTook(String database, double seconds, long sizeBytes) {
        restoreSeconds.labelValues(database).observe(seconds);
        restoreBytes.labelValues(database).observe(sizeBytes);
    }

    void monitorPassTook(double seconds) {
        monitorPass.observe(seconds);
    }

    void drillEnded(String database, String outcome) {
        drills.labelValues(database, outcome).inc();
    }

    void verified(String database, String outcome) {
        verifications.labelValues(database, outcome).inc();
    }

    void pruned(String database) {
        pruned.labelValues(database).inc();
    }

    void alert(String database, String event, String sink, boolean sent) {
        alerts.labelValues(database, event, sink, sent ? "sent" : "failed").inc();
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
        String[] names = new String[labels.length + 1];
        names[0] = "database";
        System.arraycopy(labels, 0, names, 1, labels.length);
        return Counter.builder().name(name).help(help).labelNames(names).withoutExemplars().register(registry);
    }

    private static Histogram seconds(PrometheusRegistry registry, String name, String help) {
        return Histogram.builder().name(name).help(help).labelNames("database").classicOnly()
                .classicUpperBounds(SECONDS).withoutExemplars().register(registry);
    }

    private static Histogram bytes(PrometheusRegistry registry, String name, String help) {
        return Histogram.builder().name(name).help(help).labelNames("database").classicOnly()
                .classicExponentialUpperBounds(1024, 4, SIZE_BUCKETS).withoutExemplars().register(registry);
    }
}
