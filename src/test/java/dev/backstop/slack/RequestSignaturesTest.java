package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSignaturesTest {

    private static final long NOW = 1_800_000_000L;
    private static final String BODY = "command=%2Fbackup&text=app";

    private final RequestSignatures signatures = at(Instant.ofEpochSecond(NOW));

    private static RequestSignatures at(Instant now) {
        return new RequestSignatures(SlackHarness.SIGNING_SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    private Optional<String> check(long timestamp) throws Exception {
        return check(signatures, timestamp);
    }

    private static Optional<String> check(RequestSignatures signatures, long timestamp) throws Exception {
        return signatures.refusal("" + timestamp, SlackHarness.sign(SlackHarness.SIGNING_SECRET, timestamp, BODY), BODY);
    }

    @Test
    void timestamps_up_to_five_minutes_either_side_of_the_clock_are_accepted() throws Exception {
        assertEquals(Optional.empty(), check(NOW));
        assertEquals(Optional.empty(), check(NOW - 300));
        assertEquals(Optional.empty(), check(NOW + 300));
    }

    @Test
    void timestamps_more_than_five_minutes_either_side_are_refused() throws Exception {
        assertEquals(Optional.of("X-Slack-Request-Timestamp is older than the 5 minutes allowed (check this host's"
                + " clock)"), check(NOW - 301));
        assertEquals(Optional.of("X-Slack-Request-Timestamp is newer than the 5 minutes allowed (check this host's"
                + " clock)"), check(NOW + 301));
        assertTrue(check(Long.MAX_VALUE).orElseThrow().contains("newer"));
        assertTrue(check(-1).orElseThrow().contains("older"));
    }

    @Test
    void five_minutes_and_one_millisecond_is_too_far() throws Exception {
        assertTrue(check(at(Instant.ofEpochSecond(NOW + 300, 1_000_000)), NOW).isPresent());
        assertTrue(check(at(Instant.ofEpochSecond(NOW - 300, -1_000_000)), NOW).isPresent());
        assertEquals(Optional.empty(), check(at(Instant.ofEpochSecond(NOW + 300)), NOW));
    }

    @Test
    void a_signature_of_another_body_or_secret_is_refused() throws Exception {
        String other = SlackHarness.sign(SlackHarness.SIGNING_SECRET, NOW, BODY + "&user_id=U9");
        assertEquals(Optional.of("X-Slack-Signature does not match the body (check slack.signing_secret)"),
                signatures.refusal("" + NOW, other, BODY));
        assertTrue(signatures.refusal("" + NOW, SlackHarness.sign("another-secret", NOW, BODY), BODY).isPresent());
        assertTrue(signatures.refusal("" + NOW, "v0=", BODY).isPresent());
    }

    @Test
    void missing_headers_are_refused() {
        assertTrue(signatures.refusal(null, "v0=00", BODY).isPresent());
        assertTrue(signatures.refusal("" + NOW, null, BODY).isPresent());
        assertTrue(signatures.refusal("12a", "v0=00", BODY).isPresent());
    }
}
