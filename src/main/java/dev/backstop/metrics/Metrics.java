package dev.backstop.metrics;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.AlertSink;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Backstop's metrics in the Prometheus text format for {@code GET /metrics}. Counters and histograms
 * count what the catalog's audit log records from this object's creation on, by any process sharing
 * the catalog (so a cron {@code backstop backup} counts too); like every Prometheus counter they start
 * at 0 in each new process, and {@code rate()} and {@code increase()} treat the restart as a reset.
 * Gauges are read from the catalog at each scrape. JVM metrics come from the client's instrumentation.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AuditFeed feed;
    private final EventMetrics events;

    /** Metrics without a Slack bot. */
    public Metrics(BackstopConfig config, Catalog catalog, Clock clock) {
        this(config, catalog, clock, () -> 0);
    }

    /** As above, with the count of Slack messages the bot gave up sending since start-up. */
    public Metrics(BackstopConfig config, Catalog catalog, Clock clock, LongSupplier unsentSlackMessages) {
        this.events = new EventMetrics(config, registry);
        this.feed = new AuditFeed(catalog, events);
        CatalogGauges.register(config, catalog, clock, registry);
        CounterWithCallback.builder().name("backstop_slack_messages_unsent_total")
                .help("Slack messages (alerts, job results, restore-request cards) not sent after retries,"
                        + " since start-up.")
                .callback(callback -> callback.call(unsentSlackMessages.getAsLong()))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Observes one monitor pass of this process in {@code backstop_monitor_pass_seconds}. */
    public void monitorPassTook(Duration took) {
        events.monitorPassTook(took.toNanos() / 1e9);
    }

    /** {@code sink} with each delivery counted in {@code backstop_alerts_total} under {@code name}. */
    public AlertSink counted(String name, AlertSink sink) {
        return new CountedAlertSink(name, sink, events);
    }

    /** Counts the audit entries written since the last call, then renders every metric family. */
    public synchronized String render() {
        feed.catchUp();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(text, registry.scrape());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
