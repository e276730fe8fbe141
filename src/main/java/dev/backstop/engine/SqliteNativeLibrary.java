package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Points sqlite-jdbc at a private copy of its native library, so a cold command does not extract the
 * 1 MiB library to a new temp file and compare it byte by byte with the jar's copy (about a tenth of a
 * second of interpreted code at every start). The copy lives in a folder only this user may write
 * ({@code <tmp>/backstop-native-<user>}, mode 0700, owned by the user), and it is loaded only when its
 * bytes equal the jar's, compared in bulk at each start; anything else leaves sqlite-jdbc to its own
 * extraction.
 */
public final class SqliteNativeLibrary {

    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteNativeLibrary() {
    }

    /** Sets sqlite-jdbc's library path to the private copy, unless a path is set already or no copy can be made. */
    public static synchronized void prepare() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "backstop-native-" + System.getProperty("user.name"));
        copyIn(folder).ifPresent(library -> {
            System.setProperty(PATH_PROPERTY, library.getParent().toString());
            System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        });
    }

    /**
     * The library in {@code folder} whose bytes equal the jar's, written there first when it is missing or
     * differs; empty when the folder is not the user's own with mode 0700, or anything fails.
     */
    static Optional<Path> copyIn(Path folder) {
        try {
            byte[] packaged = packaged().orElse(null);
            if (packaged == null || !privateFolder(folder)) {
                return Optional.empty();
            }
            CRC32 crc = new CRC32();
            crc.update(packaged);
            Path library = folder.resolve("sqlite-" + Long.toHexString(crc.getValue()) + "-"
                    + System.mapLibraryName("sqlitejdbc"));
            if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
                    && Arrays.equals(packaged, Files.readAllBytes(library))) {
                return Optional.of(library);
            }
            Path temp = Files.createTempFile(folder, ".sqlite-", ".so");
            try {
                Files.write(temp, packaged);
                Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return Arrays.equals(packaged, Files.readAllBytes(library)) ? Optional.of(library) : Optional.empty();
        } catch (IOException | RuntimeException | LinkageError unavailable) {
            return Optional.empty();
        }
    }

    /**
     * The jar's library for this platform: only glibc Linux on x86_64 and aarch64 are named here (sqlite-jdbc's
     * own platform detection starts a process); anywhere else sqlite-jdbc finds its library itself.
     */
    private static Optional<byte[]> packaged() throws IOException {
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> "";
        };
        if (!"Linux".equals(System.getProperty("os.name")) || arch.isEmpty()
                || Files.exists(Path.of("/lib/ld-musl-" + arch + ".so.1"))) {
            return Optional.empty();
        }
        String resource = "/org/sqlite/native/Linux/" + arch + "/" + System.mapLibraryName("sqlitejdbc");
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    /** Creates {@code folder} with mode 0700 if missing; true only when it is a real folder of this user's, mode 0700. */
    private static boolean privateFolder(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Checked below like any existing folder.
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() && attributes.permissions().equals(OWNER_ONLY)
                && attributes.owner().equals(FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name")));
    }
}
