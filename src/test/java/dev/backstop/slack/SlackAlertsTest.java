package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.Progress;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.schedule.NotifierAlertSink;
import dev.backstop.store.LocalObjectStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts reach the channel through chat.postMessage, once per incident; metrics are served over HTTP. */
class SlackAlertsTest {

    @TempDir
    Path dir;

    private AlertMonitor monitor(SlackHarness harness, Instant now) {
        return new AlertMonitor(harness.world.config, harness.services.catalog(),
                new LocalObjectStore(harness.world.config.storage().path()), new ObjectLayout("")::probeKey,
                List.of(new NotifierAlertSink(harness.bot.notifier())), Clock.fixed(now, ZoneOffset.UTC));
    }

    private List<String> posts(SlackHarness harness) {
        return harness.slack.calls("chat.postMessage").stream()
                .map(call -> call.field("channel") + " " + call.field("text")).toList();
    }

    @Test
    void a_stale_backup_is_posted_once_reminded_and_recovered_in_the_alerts_channel() throws Exception {
        try (SlackHarness harness = new SlackHarness(dir, false)) {
            Instant backedUp = harness.services.backups().backup("app", "cron", Progress.NONE).createdAt();
            monitor(harness, backedUp.plus(Duration.ofHours(1))).check();
            assertEquals(List.of(), posts(harness));
            monitor(harness, backedUp.plus(Duration.ofHours(26))).check();
            monitor(harness, backedUp.plus(Duration.ofHours(27))).check();
            assertEquals(1, posts(harness).size(), posts(harness).toString());
            assertTrue(posts(harness).get(0).startsWith("#ops :red_circle: *backup.stale* `app`: newest good backup"),
                    posts(harness).get(0));
            monitor(harness, backedUp.plus(Duration.ofHours(51))).check();
            assertEquals(2, posts(harness).size());
            assertTrue(posts(harness).get(1).contains(":warning: *backup.stale* `app`: still: "), posts(harness).get(1));
            Instant fresh = harness.services.backups().backup("app", "cron", Progress.NONE).createdAt();
            monitor(harness, fresh.plus(Duration.ofMinutes(1))).check();
            assertEquals(3, posts(harness).size());
            assertTrue(posts(harness).get(2).contains("*backup.stale.recovered*"), posts(harness).get(2));
        }
    }

    @Test
    void metrics_are_served_in_prometheus_text() throws Exception {
        try (SlackHarness harness = new SlackHarness(dir, false)) {
            harness.services.backups().backup("app", "cron", Progress.NONE);
            HttpResponse<String> metrics = harness.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("backstop_backups_total{database=\"app\",outcome=\"succeeded\"} 1.0\n"),
                    metrics.body());
            assertTrue(metrics.body().contains("backstop_last_success_timestamp_seconds{database=\"app\"} "));
        }
    }
}
