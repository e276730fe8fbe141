package dev.backstop.pipeline;

import com.github.luben.zstd.ZstdInputStream;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Turns a stored object back into its dump on three threads joined by bounded pipes: a local
 * object's size and SHA-256 checked as it is read ({@link ObjectReader}), decryption and
 * decompression on a second, the dump's size (and, when asked, its SHA-256) checked on the consumer's.
 * The consumer sees the end of the dump only when every check has passed, and an error instead
 * when one has not. The dump's own SHA-256 repeats what the other checks already prove: the object's
 * SHA-256 is the catalog's and the manifest's, age authenticates every payload chunk, and zstd checks
 * its frame's content checksum; so a restore skips it and {@code verify} keeps it.
 */
final class DumpStream {

    private static final int BUFFER = 1 << 16;
    private static final int BLOCK = 1 << 18;

    /** Takes the verified dump, such as an engine applying it to a scratch copy of the target. */
    @FunctionalInterface
    interface Consumer {
        void accept(InputStream dump) throws IOException;
    }

    /** Reads the stored object to its end, checking it there. */
    @FunctionalInterface
    private interface ObjectEnd {
        void check() throws IOException;
    }

    private final BackupRecord backup;
    private final Path identityFile;
    private final List<String> identities;

    DumpStream(BackupRecord backup, Path identityFile, List<String> identities) {
        this.backup = backup;
        this.identityFile = identityFile;
        this.identities = identities;
    }

    /**
     * Streams {@code object}'s dump to {@code consumer}. With {@code checkWhileReading} the
     * object's own size and SHA-256 are checked as it is decrypted, before the dump ends; without
     * it, the caller checked them already (a download is checked on its way in). With
     * {@code hashDump} the dump's SHA-256 is checked too, not only its size.
     */
    void read(Path object, boolean checkWhileReading, boolean hashDump, Progress progress, Consumer consumer)
            throws IOException {
        if (checkWhileReading) {
            try (ObjectReader reader = new ObjectReader(object, backup)) {
                read(reader.stream(), reader::check, hashDump, progress, consumer);
            }
            return;
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(object), BUFFER)) {
            read(file, () -> { }, hashDump, progress, consumer);
        }
    }

    private void read(InputStream stored, ObjectEnd objectEnd, boolean hashDump, Progress progress, Consumer consumer)
            throws IOException {
        InputStream plain = decrypt(stored, objectEnd);
        StreamPipe pipe = new StreamPipe();
        var decoding = pipe.produce("backstop-decode", sink -> decode(plain, objectEnd, sink));
        Exception consumerFailure = null;
        try (InputStream dump = hashDump
                ? new VerifyingInputStream(pipe.source(), "dump", backup.rawSizeBytes(), backup.rawSha256(),
                        progress, "restore")
                : VerifyingInputStream.sizeOnly(pipe.source(), "dump", backup.rawSizeBytes(), progress, "restore")) {
            consumer.accept(dump);
        } catch (IOException | RuntimeException failed) {
            consumerFailure = failed;
        }
        StreamPipe.join(decoding, consumerFailure);
    }

    /**
     * Decompresses {@code plain} into {@code sink}, then reads the stored object to its end so
     * its size and SHA-256 are checked before the sink ends. A damaged object is reported as
     * damaged even when decryption noticed first.
     */
    private static long decode(InputStream plain, ObjectEnd stored, OutputStream sink) throws IOException {
        ZstdNativeLibrary.prepare();
        InputStream dump = new ZstdInputStream(plain);
        try {
            long copied = 0;
            byte[] block = new byte[BLOCK];
            for (int read = dump.read(block); read >= 0; read = dump.read(block)) {
                sink.write(block, 0, read);
                copied += read;
            }
            stored.check();
            return copied;
        } catch (IOException failed) {
            try {
                stored.check();
            } catch (ChecksumMismatchException damaged) {
                damaged.addSuppressed(failed);
                throw damaged;
            } catch (IOException unreadable) {
                failed.addSuppressed(unreadable);
            }
            throw failed;
        } finally {
            dump.close();
        }
    }

    /** Opens the age payload; a damaged object is reported as damaged, not as a wrong identity. */
    private InputStream decrypt(InputStream object, ObjectEnd objectEnd) throws IOException {
        try {
            return AgeCrypto.decrypt(object, identities);
        } catch (GeneralSecurityException | IOException noMatch) {
            objectEnd.check();
            throw new BackstopException("cannot decrypt backup " + backup.id() + " with "
                    + identityFile + " (" + Failures.describe(noMatch)
                    + "); use the identity whose recipient the backup was encrypted to; the target was not touched",
                    noMatch);
        }
    }
}
