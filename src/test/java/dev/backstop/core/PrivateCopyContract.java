package dev.backstop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What every private copy of a native library (see {@link PrivateNativeCopy}) must do, for the tests of
 * each library that uses one: a missing folder is made private and holds the jar's bytes, a copy that
 * differs is replaced before it is named, and a folder others may write is not used.
 */
public final class PrivateCopyContract {

    /** Puts the library's copy into a folder and names it, as {@code SqliteNativeLibrary.copyIn} does. */
    @FunctionalInterface
    public interface CopyIn {
        Optional<Path> into(Path folder) throws IOException;
    }

    private PrivateCopyContract() {
    }

    /** Checks all three rules in fresh folders under {@code dir}, against the jar's bytes {@code packaged}. */
    public static void check(CopyIn copyIn, byte[] packaged, Path dir) throws IOException {
        Path folder = dir.resolve("native");
        Path library = copyIn.into(folder).orElseThrow();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertArrayEquals(packaged, Files.readAllBytes(library));

        Files.write(library, new byte[] {0x7f, 'E', 'L', 'F', 0});
        Path again = copyIn.into(folder).orElseThrow();
        assertEquals(library, again);
        assertArrayEquals(packaged, Files.readAllBytes(again), "a copy that differs from the jar's is replaced");

        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), copyIn.into(shared));
        try (var files = Files.list(shared)) {
            assertTrue(files.findAny().isEmpty(), "nothing is written into a folder others may write");
        }
    }
}
