package dev.backstop.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that an HTTP request was signed by Slack just now: the v0 signature (HMAC-SHA256 of
 * {@code v0:TIMESTAMP:BODY} with the signing secret, compared in constant time) and a timestamp no
 * more than {@link #WINDOW} away from this clock, in either direction.
 */
final class RequestSignatures {

    /** How far a request's timestamp may be from this clock, before or after. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    RequestSignatures(String signingSecret, Clock clock) {
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    /** Why the request is refused, or empty when {@code signature} signs {@code body} at a {@code timestamp} in time. */
    Optional<String> refusal(String timestamp, String signature, String body) {
        if (timestamp == null || signature == null) {
            return Optional.of("no X-Slack-Request-Timestamp or X-Slack-Signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException notANumber) {
            return Optional.of("X-Slack-Request-Timestamp is not a number of seconds");
        }
        long skew = seconds < 0 ? Long.MAX_VALUE : seconds > Long.MAX_VALUE / 1000 ? -Long.MAX_VALUE
                : clock.millis() - seconds * 1000;
        if (Math.abs(skew) > WINDOW.toMillis()) {
            return Optional.of("X-Slack-Request-Timestamp is " + (skew >= 0 ? "older" : "newer") + " than the "
                    + WINDOW.toMinutes() + " minutes allowed (check this host's clock)");
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("X-Slack-Signature does not match the body (check slack.signing_secret)");
        }
        return Optional.empty();
    }

    private String sign(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", unavailable);
        }
    }
}
