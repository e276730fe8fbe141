package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.util.ZstdVersion;
import dev.backstop.core.PrivateCopyContract;
import dev.backstop.core.PrivateNativeCopy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void the_copy_is_private_is_the_jars_own_and_is_never_put_where_others_may_write() throws Exception {
        PrivateCopyContract.check(ZstdNativeLibrary::copyIn, packaged(), dir);
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
