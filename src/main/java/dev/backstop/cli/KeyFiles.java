package dev.backstop.cli;

import dev.backstop.pipeline.AgeCrypto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/** age identity files, in the layout age-keygen writes, created readable by their owner only. */
final class KeyFiles {

    private KeyFiles() {
    }

    static String render(AgeCrypto.AgeKey key, Instant created) {
        return "# created: " + created + "\n# public key: " + key.recipient() + "\n" + key.identity() + "\n";
    }

    static void writePrivate(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }
}
