package dev.backstop.config;

import java.time.Duration;
import java.util.List;

/** How Backstop talks to Slack. Tokens are empty when Slack is not configured. */
public record SlackSettings(String botToken, String signingSecret, String appToken, String apiUrl,
                            String alertsChannel, String approvalsChannel, List<String> approvers,
                            Duration approvalTtl) {
    public SlackSettings {
        approvers = List.copyOf(approvers);
    }

    public boolean configured() {
        return !botToken.isEmpty();
    }

    @Override
    public String toString() {
        return "slack(api_url=" + apiUrl + ", approvers=" + approvers + ")";
    }
}
