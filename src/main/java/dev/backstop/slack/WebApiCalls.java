package dev.backstop.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the Web API calls that post or change Backstop's messages. When Slack answers 429 the call
 * is sent again after the {@code Retry-After} it names (1 s when it names none), up to
 * {@link #MAX_TRIES} tries and {@link #MAX_WAIT} of waiting in all; the Slack SDK's synchronous
 * client does not retry by itself. Messages given up on are logged in one line and counted.
 */
final class WebApiCalls {

    /** Tries of one call, the first included. */
    static final int MAX_TRIES = 5;
    /** The most time one call spends waiting for Slack's rate limit, over all its tries. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(WebApiCalls.class.getName());
    private static final Duration UNNAMED_WAIT = Duration.ofSeconds(1);

    /** Waits before a retry; tests pass one that records the waits. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** One Web API call. */
    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T send() throws IOException, SlackApiException;
    }

    private final Sleeper sleeper;
    private final AtomicLong unsent = new AtomicLong();

    WebApiCalls(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /**
     * Sends a message with {@code call} ({@code method} to {@code channel}), again after each 429 within
     * the bounds, and returns Slack's answer once it says ok. When Slack refuses it, keeps rate-limiting
     * it, or cannot be reached, the message is {@linkplain #unsent counted as unsent} and this throws.
     */
    <T extends SlackApiTextResponse> T send(String method, String channel, Call<T> call) throws IOException {
        try {
            return attempt(method, channel, call);
        } catch (IOException failed) {
            unsent(failed.getMessage());
            throw failed;
        }
    }

    /** As {@link #send}, but leaves a failure to the caller, which has another way to deliver the message. */
    <T extends SlackApiTextResponse> T attempt(String method, String channel, Call<T> call) throws IOException {
        Duration waited = Duration.ZERO;
        for (int tries = 1; ; tries++) {
            T answer;
            try {
                answer = call.send();
            } catch (SlackApiException refused) {
                int status = refused.getResponse().code();
                if (status != 429) {
                    throw new IOException(method + " to " + channel + " failed: Slack answered HTTP " + status);
                }
                Duration wait = retryAfter(refused.getResponse().header("Retry-After"));
                if (tries >= MAX_TRIES || waited.plus(wait).compareTo(MAX_WAIT) > 0) {
                    throw new IOException(method + " to " + channel + " was rate limited by Slack on " + tries
                            + (tries == 1 ? " try" : " tries") + "; it asked to wait " + wait.toSeconds()
                            + " s more after " + waited.toSeconds() + " s, and Backstop waits at most "
                            + MAX_WAIT.toSeconds() + " s over " + MAX_TRIES + " tries");
                }
                pause(method, channel, wait);
                waited = waited.plus(wait);
                continue;
            } catch (IOException unreachable) {
                throw new IOException(method + " to " + channel + " failed: " + unreachable.getMessage(), unreachable);
            } catch (com.google.gson.JsonParseException notJson) {
                throw new IOException(method + " to " + channel + " failed: the Slack API answered with something"
                        + " that is not JSON; check that slack.api_url points at the Slack Web API", notJson);
            }
            if (!answer.isOk()) {
                throw new IOException(method + " to " + channel + " was refused by Slack: " + answer.getError()
                        + (answer.getError() != null && answer.getError().matches("not_in_channel|channel_not_found")
                        ? " (invite the bot to the channel)" : ""));
            }
            return answer;
        }
    }

    /** Logs, in one line, a message given up on because {@code why}, and counts it. */
    void unsent(String why) {
        unsent.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "Slack message not sent: " + why);
    }

    /** Messages given up on since start-up. */
    long unsent() {
        return unsent.get();
    }

    private void pause(String method, String channel, Duration wait) throws IOException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " to " + channel + " was interrupted while waiting for Slack's rate limit");
        }
    }

    private static Duration retryAfter(String header) {
        try {
            long seconds = header == null ? -1 : Long.parseLong(header.trim());
            return seconds < 0 ? UNNAMED_WAIT : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            return UNNAMED_WAIT;
        }
    }
}
