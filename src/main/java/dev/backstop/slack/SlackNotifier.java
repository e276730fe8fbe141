package dev.backstop.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.backstop.core.Notifier;
import java.io.IOException;

/** Posts plain messages, such as alerts, to a channel with {@code chat.postMessage}. */
final class SlackNotifier implements Notifier {

    private final MethodsClient client;

    SlackNotifier(MethodsClient client) {
        this.client = client;
    }

    @Override
    public void post(String channel, String text) throws IOException {
        try {
            ChatPostMessageResponse response = client.chatPostMessage(request -> request.channel(channel).text(text)
                    .mrkdwn(true));
            if (!response.isOk()) {
                throw new IOException("Slack refused a message to " + channel + ": " + response.getError()
                        + " (is the bot a member of the channel?)");
            }
        } catch (SlackApiException refused) {
            throw new IOException("Slack refused a message to " + channel + ": " + refused.getMessage(), refused);
        }
    }
}
