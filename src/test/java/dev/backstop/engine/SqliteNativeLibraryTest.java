package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/** sqlite-jdbc's native library is loaded from a private copy only when that copy is the jar's own. */
class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    private static byte[] packaged() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream("/org/sqlite/native/"
                + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + System.mapLibraryName("sqlitejdbc"))) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_missing_folder_is_made_private_and_holds_the_jars_library() throws Exception {
        Path folder = dir.resolve("native");
        Path library = SqliteNativeLibrary.copyIn(folder).orElseThrow();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertArrayEquals(packaged(), Files.readAllBytes(library));
    }

    @Test
    void a_copy_that_differs_from_the_jars_is_replaced_before_it_is_named() throws Exception {
        Path folder = dir.resolve("native");
        Path library = SqliteNativeLibrary.copyIn(folder).orElseThrow();
        Files.write(library, new byte[] {0x7f, 'E', 'L', 'F', 0});
        Path again = SqliteNativeLibrary.copyIn(folder).orElseThrow();
        assertEquals(library, again);
        assertArrayEquals(packaged(), Files.readAllBytes(again));
    }

    @Test
    void a_folder_that_others_may_write_is_not_used() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), SqliteNativeLibrary.copyIn(folder));
        try (var files = Files.list(folder)) {
            assertTrue(files.findAny().isEmpty(), "nothing is written into a folder others may write");
        }
    }
}
