package dev.backstop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Passwords leave text for people whole, however they are spelled inside a URL or a setting. */
class RedactionTest {

    @Test
    void a_password_holding_a_raw_at_sign_or_slash_is_removed_whole() {
        String shown = Redaction.secrets("postgresql://postgres:ab@S3CRETTAIL@127.0.0.1:51219/scratch");
        assertFalse(shown.contains("S3CRETTAIL"), shown);
        assertFalse(Redaction.secrets("mysql://u:a/b@c@db:3306/x").contains("a/b"));
    }

    @Test
    void password_settings_are_removed_with_or_without_spaces_around_the_equals_sign() {
        assertEquals("host=db password=*** user=u", Redaction.secrets("host=db password=sec user=u"));
        assertEquals("host=db password = *** user=u", Redaction.secrets("host=db password = sec user=u"));
        assertEquals("x?PASSWORD=***&y=1", Redaction.secrets("x?PASSWORD=hunter2&y=1"));
    }

    @Test
    void a_url_without_a_password_and_a_slack_mention_after_it_are_left_as_they_are() {
        String text = "restore to `postgresql://app@db:5432/shop` started by <@U4>";
        assertEquals(text, Redaction.secrets(text));
    }
}
