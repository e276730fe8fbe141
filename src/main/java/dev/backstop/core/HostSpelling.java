package dev.backstop.core;

import java.util.Optional;

/**
 * The ways a client library may be handed one IPv4 address: besides {@code 127.0.0.1}, the C
 * resolver's {@code inet_aton} also takes {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}
 * and {@code 127.1}. Reading them here lets spellings of one server compare equal.
 */
final class HostSpelling {

    private HostSpelling() {
    }

    /** The dotted-quad form of {@code host} when it is an IPv4 address in any {@code inet_aton} spelling. */
    static Optional<String> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int index = 0; index < parts.length; index++) {
            Optional<Long> value = number(parts[index]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[index] = value.get();
        }
        long address = 0;
        for (int index = 0; index < parts.length - 1; index++) {
            if (values[index] > 0xff) {
                return Optional.empty();
            }
            address |= values[index] << (24 - 8 * index);
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (32 - 8 * (parts.length - 1))) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of((address >> 24 & 0xff) + "." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff) + "."
                + (address & 0xff));
    }

    /** What stands for a port that cannot be read as a number: it may be any port. */
    static final String ANY_PORT = "?";

    /**
     * A port as a number, so {@code 015432}, {@code +15432} and {@code 15432 } compare equal (client
     * libraries read all of them as 15432); a spelling that is no plain number is {@link #ANY_PORT}.
     */
    static String port(String port) {
        String trimmed = port.strip();
        if (trimmed.startsWith("+")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.isEmpty() || !trimmed.chars().allMatch(character -> character >= '0' && character <= '9')) {
            return ANY_PORT;
        }
        String digits = trimmed.replaceFirst("^0+(?=.)", "");
        return digits.length() > 5 ? ANY_PORT : String.valueOf(Integer.parseInt(digits));
    }

    private static Optional<Long> number(String part) {
        String lower = part.toLowerCase(java.util.Locale.ROOT);
        int radix = 10;
        String digits = lower;
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = lower.substring(2);
        } else if (lower.length() > 1 && lower.startsWith("0")) {
            radix = 8;
            digits = lower.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 11) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(digits, radix));
        } catch (NumberFormatException notNumeric) {
            return Optional.empty();
        }
    }
}
