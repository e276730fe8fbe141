package dev.backstop.engine;

import dev.backstop.core.PrivateCopyContract;
import java.io.InputStream;
import java.nio.file.Path;
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
    void the_copy_is_private_is_the_jars_own_and_is_never_put_where_others_may_write() throws Exception {
        PrivateCopyContract.check(SqliteNativeLibrary::copyIn, packaged(), dir);
    }
}
