package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.util.ZstdVersion;
import dev.backstop.core.PrivateNativeCopy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd-jni is pointed at a private copy of its native library only when that copy is the jar's own and loads. */
class ZstdNativeLibraryTest {

    @TempDir
    Path dir;

    private static byte[] packaged() throws Exception {
        try (InputStream in = Zstd.class.getResourceAsStream("/linux/amd64/"
                + System.mapLibraryName("zstd-jni-" + ZstdVersion.VERSION))) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_missing_folder_is_made_private_and_holds_the_jars_library() throws Exception {
        Path folder = dir.resolve("native");
        Path library = ZstdNativeLibrary.copyIn(folder).orElseThrow();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertArrayEquals(packaged(), Files.readAllBytes(library));
    }

    @Test
    void a_copy_that_differs_from_the_jars_is_replaced_before_it_is_named() throws Exception {
        Path folder = dir.resolve("native");
        Path library = ZstdNativeLibrary.copyIn(folder).orElseThrow();
        Files.write(library, new byte[] {0x7f, 'E', 'L', 'F', 0});
        Path again = ZstdNativeLibrary.copyIn(folder).orElseThrow();
        assertEquals(library, again);
        assertArrayEquals(packaged(), Files.readAllBytes(again));
    }

    @Test
    void a_folder_that_others_may_write_is_not_used() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), ZstdNativeLibrary.copyIn(folder));
        try (var files = Files.list(folder)) {
            assertTrue(files.findAny().isEmpty(), "nothing is written into a folder others may write");
        }
    }

    @Test
    void after_prepare_zstd_runs_on_the_private_copy() throws Exception {
        ZstdNativeLibrary.prepare();
        Path named = Path.of(System.getProperty("ZstdNativePath"));
        assertEquals(PrivateNativeCopy.folder(), named.getParent());
        assertArrayEquals(packaged(), Files.readAllBytes(named));
        byte[] text = "backstop ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, Zstd.decompress(Zstd.compress(text, 1), text.length));
    }
}
