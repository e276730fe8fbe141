package dev.backstop.store;

import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stores objects as files under a root folder. Each write goes to a hidden temp file beside its
 * destination and is renamed into place on commit, so a crash never leaves a partial object under
 * a real name.
 */
public final class LocalObjectStore implements ObjectStore {

    static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path pathOf(ObjectKey key) {
        return root.resolve(key.path());
    }

    @Override
    public Upload create(ObjectKey key) throws IOException {
        Path destination = pathOf(key);
        Files.createDirectories(destination.getParent());
        Path temp = Files.createTempFile(destination.getParent(), TEMP_PREFIX, ".part");
        return new LocalUpload(temp, destination);
    }

    @Override
    public InputStream open(ObjectKey key) throws IOException {
        try {
            return Files.newInputStream(pathOf(key));
        } catch (NoSuchFileException missing) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public Optional<Path> localFile(ObjectKey key) {
        return Optional.of(pathOf(key));
    }

    @Override
    public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
        Path path = pathOf(key);
        try {
            return Optional.of(new ObjectInfo(key, Files.size(path)));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    found.add(new ObjectInfo(new ObjectKey(key), Files.size(file)));
                }
            }
        }
        found.sort(Comparator.comparing(info -> info.key().path()));
        return found;
    }

    @Override
    public void delete(ObjectKey key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public String describe() {
        return "local " + root;
    }
}
