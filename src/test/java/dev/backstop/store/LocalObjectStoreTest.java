package dev.backstop.store;

import dev.backstop.core.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract for a local folder. */
final class LocalObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(root);
    }

    @Override
    protected List<String> pendingWrites() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(LocalObjectStore.TEMP_PREFIX)).toList();
        }
    }
}
