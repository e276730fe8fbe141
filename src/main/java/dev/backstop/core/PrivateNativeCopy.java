package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
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
 * A native library of a jar dependency, copied once into a folder only this user may write ({@link #folder()},
 * mode 0700, owned by the user) and named there only while its bytes equal the jar's, compared in bulk at each
 * start; so a cold command neither extracts the library to a new temp file nor leaves one behind.
 */
public final class PrivateNativeCopy {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateNativeCopy() {
    }

    /** {@code <tmp>/backstop-native-<user>}: the folder the copies live in. */
    public static Path folder() {
        return Path.of(System.getProperty("java.io.tmpdir"), "backstop-native-" + System.getProperty("user.name"));
    }

    /**
     * The glibc Linux architecture as the libraries' folders name it ({@code x86_64} or {@code aarch64}), or empty
     * on any other platform, where each library finds its own as before.
     */
    public static Optional<String> linuxArch() {
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> "";
        };
        if (!"Linux".equals(System.getProperty("os.name")) || arch.isEmpty()
                || Files.exists(Path.of("/lib/ld-musl-" + arch + ".so.1"))) {
            return Optional.empty();
        }
        return Optional.of(arch);
    }

    /**
     * The copy of class-path {@code resource} in {@code folder}, named {@code prefix-<crc32>-suffix}, written there
     * first when it is missing or differs; empty when the resource is missing, the folder is not the user's own
     * with mode 0700, or anything fails.
     */
    public static Optional<Path> copyIn(String resource, Path folder, String prefix, String suffix) {
        try {
            byte[] packaged;
            try (InputStream in = PrivateNativeCopy.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.empty();
                }
                packaged = in.readAllBytes();
            }
            if (!privateFolder(folder)) {
                return Optional.empty();
            }
            CRC32 crc = new CRC32();
            crc.update(packaged);
            Path library = folder.resolve(prefix + "-" + Long.toHexString(crc.getValue()) + "-" + suffix);
            if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
                    && Arrays.equals(packaged, Files.readAllBytes(library))) {
                return Optional.of(library);
            }
            Path temp = Files.createTempFile(folder, "." + prefix + "-", ".tmp");
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

    /** Creates {@code folder} with mode 0700 if missing; true only when it is a real folder of this user's, mode 0700. */
    private static boolean privateFolder(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // Checked below like any existing folder.
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() && attributes.permissions().equals(OWNER_ONLY)
                && attributes.owner().equals(FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name")));
    }
}
