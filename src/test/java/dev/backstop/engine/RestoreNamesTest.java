package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which database names count as pre-restore copies or leftover restores of a configured database. */
class RestoreNamesTest {

    private static final Instant AT = Instant.parse("2026-11-23T16:10:00Z");

    @Test
    void names_carry_the_restore_start_in_utc() {
        assertEquals("shop_restoring_20261123_161000", RestoreNames.restoring("shop", AT));
        assertEquals("shop_pre_restore_20261123_161000", RestoreNames.preRestore("shop", AT));
    }

    @Test
    void a_pre_restore_name_of_the_database_gives_back_its_time() {
        assertEquals(Optional.of(AT), RestoreNames.preRestoreTime("shop", "shop_pre_restore_20261123_161000"));
        assertEquals(Optional.of(AT), RestoreNames.preRestoreTime("Shop \"Ünï\"",
                RestoreNames.preRestore("Shop \"Ünï\"", AT)));
    }

    @Test
    void names_of_other_databases_and_lookalikes_do_not_match() {
        for (String other : new String[] {
                "shop",
                "shop_restoring_20261123_161000",
                "shop2_pre_restore_20261123_161000",
                "shopping_pre_restore_20261123_161000",
                "sho_pre_restore_20261123_161000",
                "Shop_pre_restore_20261123_161000",
                "old_shop_pre_restore_20261123_161000",
                "shop_pre_restore_shop_pre_restore_20261123_161000",
                "shop_pre_restore_20261123_161000_copy",
                "shop_pre_restore_20261123_161000 ",
                "shop_pre_restore_20261123161000",
                "shop_pre_restore_20261123_1610",
                "shop_pre_restore_20261323_161000",
                "shop_pre_restore_20260230_161000",
                "shop_pre_restore_20261123_246000",
                "shop_pre_restore_+2026112_161000",
                "shop_pre_restore_",
                "shop_pre_restore_latest"}) {
            assertEquals(Optional.empty(), RestoreNames.preRestoreTime("shop", other), other);
        }
    }

    @Test
    void a_name_as_long_as_a_cut_one_matches_nothing_because_a_longer_database_may_share_the_cut() {
        String longName = "a".repeat(40);
        String cut = RestoreNames.preRestore(longName, AT);
        assertEquals(63, cut.length());
        assertTrue(cut.startsWith("a".repeat(35) + "_pre_restore_"), cut);
        assertEquals(Optional.empty(), RestoreNames.preRestoreTime(longName, cut));
        assertEquals(Optional.empty(), RestoreNames.preRestoreTime("a".repeat(35), cut));
        String cutAtWideCharacter = RestoreNames.preRestore("c".repeat(32) + "\uD83D\uDE00" + "c".repeat(9), AT);
        assertTrue(cutAtWideCharacter.startsWith("c".repeat(32) + "_pre_restore_"), cutAtWideCharacter);
        assertEquals(Optional.empty(), RestoreNames.preRestoreTime("c".repeat(32), cutAtWideCharacter));
    }

    @Test
    void the_longest_name_no_cut_can_produce_still_matches() {
        String longest = "b".repeat(31);
        assertEquals(Optional.of(AT), RestoreNames.preRestoreTime(longest, longest + "_pre_restore_20261123_161000"));
    }

    @Test
    void a_restoring_name_of_the_database_gives_back_its_time() {
        assertEquals(Optional.of(AT), RestoreNames.restoringTime("shop", "shop_restoring_20261123_161000"));
        assertEquals(Optional.of(AT), RestoreNames.restoringTime("Shop \"Ünï\"",
                RestoreNames.restoring("Shop \"Ünï\"", AT)));
    }

    @Test
    void restoring_names_of_other_databases_and_lookalikes_do_not_match() {
        for (String other : new String[] {
                "shop",
                "shop_pre_restore_20261123_161000",
                "shop2_restoring_20261123_161000",
                "shopping_restoring_20261123_161000",
                "sho_restoring_20261123_161000",
                "Shop_restoring_20261123_161000",
                "old_shop_restoring_20261123_161000",
                "shop_drill_x_restoring_20261123_161000",
                "shop_restoring_shop_restoring_20261123_161000",
                "shop_restoring_20261123_161000_copy",
                "shop_restoring_20261123_161000 ",
                "shop_restoring_20261123161000",
                "shop_restoring_20261123_1610",
                "shop_restoring_20261323_161000",
                "shop_restoring_20260230_161000",
                "shop_restoring_20261123_246000",
                "shop_restoring_+2026112_161000",
                "shop_restoring_",
                "shop_restoring_latest"}) {
            assertEquals(Optional.empty(), RestoreNames.restoringTime("shop", other), other);
        }
    }

    @Test
    void a_restoring_name_as_long_as_a_cut_one_matches_nothing() {
        String cut = RestoreNames.restoring("a".repeat(40), AT);
        assertEquals(63, cut.length());
        assertTrue(cut.startsWith("a".repeat(37) + "_restoring_"), cut);
        assertEquals(Optional.empty(), RestoreNames.restoringTime("a".repeat(40), cut));
        assertEquals(Optional.empty(), RestoreNames.restoringTime("a".repeat(37), cut));
        String cutAtWideCharacter = RestoreNames.restoring("c".repeat(34) + "\uD83D\uDE00" + "c".repeat(9), AT);
        assertTrue(cutAtWideCharacter.startsWith("c".repeat(34) + "_restoring_"), cutAtWideCharacter);
        assertEquals(Optional.empty(), RestoreNames.restoringTime("c".repeat(34), cutAtWideCharacter));
        String longest = "b".repeat(33);
        assertEquals(Optional.of(AT), RestoreNames.restoringTime(longest, longest + "_restoring_20261123_161000"));
    }
}
