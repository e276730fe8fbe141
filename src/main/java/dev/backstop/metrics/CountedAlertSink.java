package dev.backstop.metrics;

import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import java.io.IOException;

/** An alert sink whose deliveries, sent or failed, are counted in {@code backstop_alerts_total}. */
final class CountedAlertSink implements AlertSink {

    private final String name;
    private final AlertSink sink;
    private final EventMetrics events;

    CountedAlertSink(String name, AlertSink sink, EventMetrics events) {
        this.name = name;
        this.sink = sink;
        this.events = events;
    }

    @Override
    public void send(Alert alert) throws IOException {
        try {
            sink.send(alert);
        } catch (IOException | RuntimeException failed) {
            events.alert(alert.database(), alert.event(), name, false);
            throw failed;
        }
        events.alert(alert.database(), alert.event(), name, true);
    }
}
