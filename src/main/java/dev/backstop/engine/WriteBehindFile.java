package dev.backstop.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a new file and makes it durable on close. Every {@value #STEP_BYTES} bytes a background
 * thread asks the disk to write back what has arrived so far, so the disk works while the stream
 * is still being produced and the final {@code fsync} has little left to do.
 */
final class WriteBehindFile extends OutputStream {

    private static final long STEP_BYTES = 64L << 20;

    private final FileChannel channel;
    private final long stepBytes;
    private long sinceFlush;
    private int flushesStarted;
    private Thread flusher;
    private volatile IOException flushFailure;
    private boolean closed;

    WriteBehindFile(Path file) throws IOException {
        this(file, STEP_BYTES);
    }

    WriteBehindFile(Path file, long stepBytes) throws IOException {
        this.stepBytes = stepBytes;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.CREATE);
    }

    @Override
    public void write(int value) throws IOException {
        write(new byte[] {(byte) value}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        sinceFlush += length;
        if (sinceFlush >= stepBytes && (flusher == null || !flusher.isAlive())) {
            rethrowFlushFailure();
            sinceFlush = 0;
            flushesStarted++;
            flusher = new Thread(this::flushQuietly, "backstop-write-behind");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    /** How many background write-backs were started; for tests. */
    int flushesStarted() {
        return flushesStarted;
    }

    private void flushQuietly() {
        try {
            channel.force(false);
        } catch (IOException failed) {
            flushFailure = failed;
        } catch (UncheckedIOException failed) {
            flushFailure = failed.getCause();
        }
    }

    private void rethrowFlushFailure() throws IOException {
        if (flushFailure != null) {
            throw flushFailure;
        }
    }

    /** Waits for the background write-back, then syncs the whole file and closes it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (flusher != null) {
                flusher.join();
            }
            rethrowFlushFailure();
            channel.force(true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing the restored file");
        } finally {
            channel.close();
        }
    }
}
