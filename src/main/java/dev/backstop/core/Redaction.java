package dev.backstop.core;

import java.util.regex.Pattern;

/**
 * Removes passwords from text meant for people, logs, Slack or the audit log: the password of
 * any {@code scheme://user:password@host} URL and any {@code password=} setting become {@code ***}. A
 * password is taken to run to the last {@code @} of the URL, so one holding a raw {@code @} or {@code /}
 * is removed whole (at worst with part of the host). URLs with white space in them are refused where
 * they are configured, so a password cannot hide behind a space.
 */
public final class Redaction {

    private static final Pattern URL_PASSWORD = Pattern.compile("([a-z][a-z0-9+.-]*://[^:/@\\s]*):\\S*@",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAMETER_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)[^&\\s]*");

    private Redaction() {
    }

    /** {@code text} with every URL password and {@code password=} value replaced by {@code ***}. */
    public static String secrets(String text) {
        if (text == null) {
            return "";
        }
        String cleaned = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        return PARAMETER_PASSWORD.matcher(cleaned).replaceAll("$1***");
    }
}
