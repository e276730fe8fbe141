package dev.backstop.slack;

import com.slack.api.methods.MethodsClient;
import dev.backstop.core.Notifier;
import java.io.IOException;

/** Posts plain messages, such as alerts, to a channel with {@code chat.postMessage}, waiting out Slack's rate limit. */
final class SlackNotifier implements Notifier {

    private final MethodsClient client;
    private final WebApiCalls calls;

    SlackNotifier(MethodsClient client, WebApiCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    @Override
    public void post(String channel, String text) throws IOException {
        calls.send("chat.postMessage", channel, () -> client.chatPostMessage(request -> request.channel(channel)
                .text(text).mrkdwn(true)));
    }
}
