package dev.backstop.pipeline;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a stored object on a thread of its own and checks its size and SHA-256 there, handing its
 * bytes on through a bounded {@link StreamPipe}; so the object's hash runs on one core while the
 * decoding thread decrypts and decompresses on the other. The decoder gets exactly the bytes that
 * were hashed, and the object's end only once they matched the catalog; a mismatch reaches it instead.
 */
final class ObjectReader implements Closeable {

    private static final int BLOCK = 1 << 16;

    private final StreamPipe pipe = new StreamPipe();
    private final InputStream source = pipe.source();
    private final StreamPipe.Production<Long> reading;

    ObjectReader(Path object, BackupRecord backup) throws IOException {
        InputStream file = Files.newInputStream(object);
        reading = pipe.produce("backstop-read-object", sink -> copyChecked(file, backup, sink));
    }

    private static long copyChecked(InputStream file, BackupRecord backup, OutputStream sink) throws IOException {
        try (VerifyingInputStream checked = new VerifyingInputStream(file, "stored object", backup.sizeBytes(),
                backup.sha256(), Progress.NONE, "check")) {
            byte[] block = new byte[BLOCK];
            long copied = 0;
            for (int read = checked.read(block, 0, BLOCK); read >= 0; read = checked.read(block, 0, BLOCK)) {
                sink.write(block, 0, read);
                copied += read;
            }
            return copied;
        }
    }

    /** The object's bytes; the end comes only after its size and SHA-256 matched, an error otherwise. */
    InputStream stream() {
        return source;
    }

    /**
     * Reads the object to its end and waits for the reading thread: returns when the object is the one
     * the catalog recorded and throws its {@link ChecksumMismatchException} when it is not.
     */
    void check() throws IOException {
        IOException drainFailure = null;
        try {
            source.transferTo(OutputStream.nullOutputStream());
        } catch (IOException failed) {
            drainFailure = failed;
        }
        StreamPipe.join(reading, drainFailure);
    }

    /** Stops the reading thread if it still runs (the decoder gave up) and waits for it to end. */
    @Override
    public void close() throws IOException {
        source.close();
        if (!reading.result().isDone()) {
            reading.thread().interrupt();
        }
        try {
            reading.thread().join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the object's reader");
        }
    }
}
