package dev.backstop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files and links: every spelling of a file resolves to the one place the file system writes. */
class TargetFileTest {

    @TempDir
    Path home;

    @TempDir
    Path outside;

    @Test
    void links_and_dot_dot_resolve_to_the_real_file_and_cannot_look_inside_a_folder() throws Exception {
        Path folder = Files.createDirectories(home.resolve("restored"));
        Files.writeString(outside.resolve("victim.db"), "data");
        Files.createSymbolicLink(folder.resolve("link.db"), outside.resolve("victim.db"));
        Files.createSymbolicLink(folder.resolve("sub"), outside);
        TargetFile listed = TargetFile.resolve(home, "./restored/");
        TargetFile victim = TargetFile.of(outside.resolve("victim.db"));

        assertEquals(victim, TargetFile.resolve(home, "restored/link.db"));
        assertEquals(victim, TargetFile.resolve(home, "restored/sub/victim.db"));
        assertEquals(TargetFile.of(outside.resolve("new/x.db")), TargetFile.resolve(home, "restored/sub/new/x.db"));
        assertEquals(TargetFile.of(home.resolve("x.db")), TargetFile.resolve(home, "restored/missing/../../x.db"));
        TargetFile climbed = TargetFile.resolve(home, "restored/sub/../sub/y.db");
        assertEquals(TargetFile.of(outside.getParent().resolve("sub/y.db")), climbed,
                "`..` after a link climbs from where the link points, as the file system does");
        assertFalse(climbed.within(listed), "a lexical reading would have put it inside the folder");
        assertFalse(TargetFile.resolve(home, "restored/link.db").within(listed));
        assertFalse(TargetFile.resolve(home, "restored/sub/fresh.db").within(listed));
        assertFalse(TargetFile.resolve(home, "restored/../x.db").within(listed));
        assertFalse(listed.within(listed), "the folder itself is not a file in it");
        assertTrue(TargetFile.resolve(home, "restored/deeper/new.db").within(listed));
        assertTrue(TargetFile.resolve(home, "./restored//./a.db").within(listed));
    }

    @Test
    void dot_dot_after_a_folder_that_does_not_exist_yet_still_follows_the_link_beside_it() throws Exception {
        Path folder = Files.createDirectories(home.resolve("restored"));
        Files.writeString(outside.resolve("catalog.db"), "catalog");
        Files.createSymbolicLink(folder.resolve("bd"), outside);
        TargetFile listed = TargetFile.resolve(home, "./restored/");

        TargetFile sneaked = TargetFile.resolve(home, "./restored/nope/../bd/catalog.db");

        assertEquals(TargetFile.of(outside.resolve("catalog.db")), sneaked);
        assertFalse(sneaked.within(listed), "a missing folder and .. must not hide the link");
        assertEquals(TargetFile.of(outside.resolve("x.db")), TargetFile.resolve(home, "restored/a/b/../../bd/x.db"));
    }

    @Test
    void a_hard_link_is_the_same_place_as_the_file_it_names() throws Exception {
        Path folder = Files.createDirectories(home.resolve("restored"));
        Path production = Files.writeString(outside.resolve("app.db"), "data");
        Files.createLink(folder.resolve("hl.db"), production);
        TargetFile linked = TargetFile.resolve(home, "restored/hl.db");

        assertTrue(linked.samePlace(TargetFile.of(production)));
        assertTrue(linked.isOrBeside(TargetFile.of(production)));
        assertEquals(2, linked.names());
        assertEquals(0, TargetFile.of(production.resolveSibling("missing.db")).names());
    }

    @Test
    void a_dangling_or_looping_link_is_refused_in_one_line() throws Exception {
        Files.createSymbolicLink(home.resolve("dangling.db"), outside.resolve("none.db"));
        Files.createSymbolicLink(home.resolve("loop-a"), home.resolve("loop-b"));
        Files.createSymbolicLink(home.resolve("loop-b"), home.resolve("loop-a"));
        BackstopException dangling = assertThrows(BackstopException.class,
                () -> TargetFile.resolve(home, "dangling.db"));
        assertTrue(dangling.getMessage().contains("cannot be followed"), dangling.getMessage());
        assertThrows(BackstopException.class, () -> TargetFile.resolve(home, "loop-a/x.db"));
    }

    @Test
    void sqlite_journal_files_count_as_the_database() {
        TargetFile catalog = TargetFile.of(home.resolve("catalog.db"));
        assertTrue(TargetFile.of(home.resolve("catalog.db-wal")).isOrBeside(catalog));
        assertTrue(TargetFile.of(home.resolve("catalog.db-journal")).isOrBeside(catalog));
        assertFalse(TargetFile.of(home.resolve("catalog.db.copy")).isOrBeside(catalog));
    }
}
