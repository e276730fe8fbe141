package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void binary_units_parse_to_bytes() {
        assertEquals(8L << 20, ByteSizes.parse("8MiB"));
        assertEquals(64L << 20, ByteSizes.parse(" 64 mib "));
        assertEquals(512L << 10, ByteSizes.parse("512KiB"));
        assertEquals(2L << 30, ByteSizes.parse("2GiB"));
        assertEquals(100L, ByteSizes.parse("100B"));
    }

    @Test
    void decimal_units_fractions_and_bare_numbers_are_refused() {
        for (String text : new String[] {"16MB", "1.5MiB", "16", "-8MiB", "MiB", ""}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ByteSizes.parse(text));
            assertEquals("'" + text + "' is not a size (use e.g. 8MiB, 16MiB or 64MiB)", refused.getMessage());
        }
    }

    @Test
    void sizes_print_in_the_largest_unit_that_divides_them() {
        assertEquals("16MiB", ByteSizes.format(16L << 20));
        assertEquals("5000KiB", ByteSizes.format(5000L << 10));
        assertEquals("1GiB", ByteSizes.format(1L << 30));
        assertEquals("7B", ByteSizes.format(7));
    }
}
