package dev.backstop.pipeline;

import com.github.luben.zstd.util.ZstdVersion;
import dev.backstop.core.PrivateNativeCopy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Points zstd-jni at a private copy of its native library ({@link PrivateNativeCopy}, through zstd-jni's
 * {@code ZstdNativePath}), so a command that compresses or decompresses does not extract the 1 MiB library to a
 * new temp file each time. The copy is loaded here first: zstd-jni does not fall back from a path it was given,
 * so only a copy that loaded is named, and anything else leaves zstd-jni to its own extraction.
 */
final class ZstdNativeLibrary {

    private static final String PATH_PROPERTY = "ZstdNativePath";
    private static boolean prepared;

    private ZstdNativeLibrary() {
    }

    /** Before the first zstd stream: names the private copy to zstd-jni, unless a path is set already. */
    static synchronized void prepare() {
        if (prepared || System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        prepared = true;
        copyIn(PrivateNativeCopy.folder()).ifPresent(library -> {
            try {
                System.load(library.toString());
                System.setProperty(PATH_PROPERTY, library.toString());
            } catch (UnsatisfiedLinkError | SecurityException unloadable) {
                // zstd-jni extracts its own copy, as without this class.
            }
        });
    }

    /** The copy in {@code folder} whose bytes equal the jar's library for this platform (glibc Linux x86_64, aarch64). */
    static Optional<Path> copyIn(Path folder) {
        String library = System.mapLibraryName("zstd-jni-" + ZstdVersion.VERSION);
        return PrivateNativeCopy.linuxArch().flatMap(arch -> PrivateNativeCopy.copyIn(
                "/linux/" + ("x86_64".equals(arch) ? "amd64" : arch) + "/" + library, folder, "zstd", library));
    }
}
