package dev.backstop.config;

import java.time.Duration;

/** How alerts repeat and where else they go: {@code alerts.repeat}, {@code alerts.webhook_url}, {@code alerts.size_anomaly_percent}. */
public record AlertsConfig(Duration repeat, String webhookUrl, int sizeAnomalyPercent) {

    public static final AlertsConfig DEFAULTS = new AlertsConfig(Duration.ofHours(24), "", 50);
}
