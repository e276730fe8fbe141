package dev.backstop.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A backup id such as {@code 20261123T152815123Z-9f3a}: the UTC creation time to the millisecond,
 * then random hex, so ids sort by time and never collide.
 */
public record BackupId(String value, Instant createdAt) {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static BackupId next(Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return new BackupId(FORMAT.format(now) + "-" + HexFormat.of().formatHex(suffix), now);
    }

    /** True when {@code text} has the shape of a backup id, so it is safe inside an object key. */
    public static boolean looksValid(String text) {
        return text != null && text.matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
    }
}
