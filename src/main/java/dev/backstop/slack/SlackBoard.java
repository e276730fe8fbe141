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
 * through the command's {@code response_url} instead, and progress is skipped.
 */
final class SlackBoard implements Board {

    private static final System.Logger LOG = System.getLogger(SlackBoard.class.getName());

    /** Posts a reply through the request's {@code response_url}; true when Slack took it. */
    @FunctionalInterface
    interface Responder {
        boolean respond(Reply reply) throws IOException, SlackApiException;
    }

    private final MethodsClient client;
    private final String channel;
    private final String threadTs;
    private final Responder responder;

    SlackBoard(MethodsClient client, String channel, Responder responder) {
        this(client, channel, null, responder);
    }

    /** A board whose first message is a reply in the thread of {@code threadTs} (none when null). */
    SlackBoard(MethodsClient client, String channel, String threadTs, Responder responder) {
        this.client = client;
        this.channel = channel;
        this.threadTs = threadTs;
        this.responder = responder;
    }

    @Override
    public Posted post(Reply reply) {
        try {
            ChatPostMessageResponse posted = client.chatPostMessage(request -> request.channel(channel)
                    .threadTs(threadTs).text(reply.text()).blocks(BlockKit.blocks(reply)));
            if (posted.isOk()) {
                return update -> call("chat.update", () -> client.chatUpdate(request -> request
                        .channel(posted.getChannel()).ts(posted.getTs()).text(update.text())
                        .blocks(BlockKit.blocks(update))).isOk());
            }
            LOG.log(System.Logger.Level.WARNING, "chat.postMessage to " + channel + " failed: " + posted.getError()
                    + "; answering through the response_url");
        } catch (IOException | SlackApiException failed) {
            LOG.log(System.Logger.Level.WARNING, "chat.postMessage to " + channel + " failed: " + failed.getMessage()
                    + "; answering through the response_url");
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

    private void respond(Reply reply) {
        call("response_url", () -> responder.respond(reply));
    }

    @FunctionalInterface
    private interface SlackCall {
        boolean send() throws IOException, SlackApiException;
    }

    private static void call(String method, SlackCall call) {
        try {
            if (!call.send()) {
                LOG.log(System.Logger.Level.WARNING, method + " was refused by Slack");
            }
        } catch (IOException | SlackApiException failed) {
            LOG.log(System.Logger.Level.WARNING, method + " failed: " + failed.getMessage());
        }
    }
}
