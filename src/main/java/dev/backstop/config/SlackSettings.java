package dev.backstop.config;

import java.time.Duration;
import java.util.List;

/**
 * How Backstop talks to Slack. Tokens are empty when Slack is not configured. {@code operators} may
 * run {@code /backup}, {@code /restore} and {@code /drill} (empty: the approvers); {@code channels}
 * are the only channels commands are taken from (empty: any channel).
 */
public record SlackSettings(String botToken, String signingSecret, String appToken, String apiUrl,
                            String alertsChannel, String approvalsChannel, List<String> approvers,
                            Duration approvalTtl, List<String> operators, List<String> channels) {
    public SlackSettings {
        approvers = List.copyOf(approvers);
        operators = List.copyOf(operators);
        channels = List.copyOf(channels);
    }

    /** Settings with no operator or channel lists: the approvers operate, from any channel. */
    public SlackSettings(String botToken, String signingSecret, String appToken, String apiUrl,
                         String alertsChannel, String approvalsChannel, List<String> approvers, Duration approvalTtl) {
        this(botToken, signingSecret, appToken, apiUrl, alertsChannel, approvalsChannel, approvers, approvalTtl,
                List.of(), List.of());
    }

    public boolean configured() {
        return !botToken.isEmpty();
    }

    /** The workspace-wide operators: {@code slack.operators}, or the approvers when that is not set. */
    public List<String> defaultOperators() {
        return operators.isEmpty() ? approvers : operators;
    }

    /** Whether commands are taken from {@code channel}. */
    public boolean acceptsChannel(String channel) {
        return channels.isEmpty() || channels.contains(channel);
    }

    @Override
    public String toString() {
        return "slack(api_url=" + apiUrl + ", approvers=" + approvers + ", operators=" + operators
                + ", channels=" + channels + ")";
    }
}
