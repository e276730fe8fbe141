package dev.backstop.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.backstop.chat.Board;
import dev.backstop.chat.Reply;
import java.io.IOException;

/**
 * A job's messages in a Slack channel: one {@code chat.postMessage}, then {@code chat.update}s.
 * When the bot cannot post there (say, it is not in the channel), the start and the result go
 * through the command's {@code response_url} instead, and progress is skipped. The first message and
 * the result wait out Slack's rate limit; a progress update is tried once, as the next one replaces it.
 */
final class SlackBoard implements Board {

    private static final System.Logger LOG = System.getLogger(SlackBoard.class.getName());

    /** Posts a reply through the request's {@code response_url}; true when Slack took it. */
    @FunctionalInterface
    interface Responder {
        boolean respond(Reply reply) throws IOException, SlackApiException;
    }

    private final MethodsClient client;
    private final WebApiCalls calls;
    private final String channel;
    private final String threadTs;
    private final Responder responder;

    SlackBoard(MethodsClient client, WebApiCalls calls, String channel, Responder responder) {
        this(client, calls, channel, null, responder);
    }

    /** A board whose first message is a reply in the thread of {@code threadTs} (none when null). */
    SlackBoard(MethodsClient client, WebApiCalls calls, String channel, String threadTs, Responder responder) {
        this.client = client;
        this.calls = calls;
        this.channel = channel;
        this.threadTs = threadTs;
        this.responder = responder;
    }

    @Override
    public Posted post(Reply reply) {
        try {
            ChatPostMessageResponse posted = calls.attempt("chat.postMessage", channel, () -> client.chatPostMessage(
                    request -> request.channel(channel).threadTs(threadTs).text(reply.text())
                            .blocks(BlockKit.blocks(reply))));
            return new InChannel(posted.getChannel(), posted.getTs());
        } catch (IOException failed) {
            LOG.log(System.Logger.Level.WARNING, failed.getMessage() + "; answering through the response_url");
        }
        respond(reply);
        return new Posted() {
            @Override
            public void update(Reply progress) {
                // response_url takes only a few messages, so progress is not sent this way.
            }

            @Override
            public void finish(Reply result) {
                respond(result);
            }
        };
    }

    /** The job's message in the channel. */
    private final class InChannel implements Posted {

        private final String postedChannel;
        private final String ts;

        InChannel(String postedChannel, String ts) {
            this.postedChannel = postedChannel;
            this.ts = ts;
        }

        @Override
        public void update(Reply progress) {
            try {
                if (!client.chatUpdate(request -> request.channel(postedChannel).ts(ts).text(progress.text())
                        .blocks(BlockKit.blocks(progress))).isOk()) {
                    LOG.log(System.Logger.Level.WARNING, "a progress update (chat.update) was refused by Slack");
                }
            } catch (IOException | SlackApiException failed) {
                LOG.log(System.Logger.Level.WARNING, "a progress update (chat.update) was skipped: "
                        + failed.getMessage());
            }
        }

        @Override
        public void finish(Reply result) {
            try {
                calls.send("chat.update", postedChannel, () -> client.chatUpdate(request -> request
                        .channel(postedChannel).ts(ts).text(result.text()).blocks(BlockKit.blocks(result))));
            } catch (IOException counted) {
                // WebApiCalls logged it and counted it as unsent.
            }
        }
    }

    private void respond(Reply reply) {
        try {
            if (!responder.respond(reply)) {
                calls.unsent("response_url in " + channel + " was refused by Slack");
            }
        } catch (IOException | SlackApiException failed) {
            calls.unsent("response_url in " + channel + " failed: " + failed.getMessage());
        }
    }
}
