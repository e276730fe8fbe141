package dev.backstop.schedule;

import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import dev.backstop.core.Notifier;
import java.io.IOException;

/** Posts alerts as one chat line each to the alert's channel, marked by kind: failure, reminder or recovery. */
public final class NotifierAlertSink implements AlertSink {

    private final Notifier notifier;

    public NotifierAlertSink(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void send(Alert alert) throws IOException {
        String mark = alert.event().endsWith(".recovered") ? ":large_green_circle:"
                : alert.reminder() ? ":warning:" : ":red_circle:";
        notifier.post(alert.channel(), mark + " *" + alert.event() + "* `" + alert.database() + "`: " + alert.message());
    }
}
