package dev.backstop.engine;

import dev.backstop.core.PrivateNativeCopy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Points sqlite-jdbc at a private copy of its native library ({@link PrivateNativeCopy}), so a cold command does
 * not extract the 1 MiB library to a new temp file and compare it byte by byte with the jar's copy (about a tenth
 * of a second of interpreted code at every start). Anything that prevents the copy leaves sqlite-jdbc to its own
 * extraction.
 */
public final class SqliteNativeLibrary {

    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    /** Sets sqlite-jdbc's library path to the private copy, unless a path is set already or no copy can be made. */
    public static synchronized void prepare() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        copyIn(PrivateNativeCopy.folder()).ifPresent(library -> {
            System.setProperty(PATH_PROPERTY, library.getParent().toString());
            System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        });
    }

    /**
     * The library in {@code folder} whose bytes equal the jar's, written there first when it is missing or
     * differs; empty when the folder is not the user's own with mode 0700, or anything fails. Only glibc Linux on
     * x86_64 and aarch64 are named here (sqlite-jdbc's own platform detection starts a process).
     */
    static Optional<Path> copyIn(Path folder) {
        String library = System.mapLibraryName("sqlitejdbc");
        return PrivateNativeCopy.linuxArch().flatMap(arch -> PrivateNativeCopy.copyIn(
                "/org/sqlite/native/Linux/" + arch + "/" + library, folder, "sqlite", library));
    }
}
