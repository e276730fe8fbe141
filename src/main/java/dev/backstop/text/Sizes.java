package dev.backstop.text;

import dev.backstop.config.ByteSizes;

/** Byte counts for people: {@code 512 B}, {@code 1.4 MiB}, {@code 2.0 GiB} (see {@link ByteSizes#human}). */
public final class Sizes {

    private Sizes() {
    }

    public static String human(long bytes) {
        return ByteSizes.human(bytes);
    }
}
