package dev.backstop.store;

import dev.backstop.core.Upload;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file being written to a temp name; commit syncs it to disk and renames it atomically into place.
 * Every {@value #STEP_BYTES} bytes a background thread asks the disk to write back what has arrived,
 * so the disk works while the backup is still streaming and the commit's {@code fsync} has little left.
 */
final class LocalUpload implements Upload {

    private static final long STEP_BYTES = 64L << 20;

    private final Path temp;
    private final Path destination;
    private final FileChannel channel;
    private final OutputStream stream;
    private final long stepBytes;
    private long sinceFlush;
    private int flushesStarted;
    private Thread flusher;
    private volatile IOException flushFailure;
    private boolean finished;

    LocalUpload(Path temp, Path destination) throws IOException {
        this(temp, destination, STEP_BYTES);
    }

    LocalUpload(Path temp, Path destination, long stepBytes) throws IOException {
        this.temp = temp;
        this.destination = destination;
        this.stepBytes = stepBytes;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream file = Channels.newOutputStream(channel);
        OutputStream writingBack = new FilterOutputStream(file) {
            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                file.write(data, offset, length);
                wrote(length);
            }

            @Override
            public void write(int value) throws IOException {
                file.write(value);
                wrote(1);
            }
        };
        this.stream = new BufferedOutputStream(writingBack, 1 << 16) {
            @Override
            public void close() throws IOException {
                // Closing the stream only flushes it: the channel stays open until commit or abort.
                flush();
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (finished) {
            throw new IOException("upload of " + destination.getFileName() + " already finished");
        }
        try {
            stream.flush();
            awaitFlusher();
            if (flushFailure != null) {
                throw flushFailure;
            }
            channel.force(true);
            channel.close();
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
            // The rename itself is made durable too, before the catalog may call the backup stored.
            try (FileChannel folder = FileChannel.open(destination.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException failed) {
            abort();
            throw failed;
        }
    }

    @Override
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            awaitFlusher();
        } catch (java.io.InterruptedIOException interrupted) {
            // The temp file is deleted anyway; the write-back thread ends on the closed channel.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The temp file is deleted next; a close failure changes nothing.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // A leftover temp file has a hidden .tmp- name that listings skip.
        }
    }

    /** Starts a background write-back after every {@code stepBytes} written, one at a time. */
    private void wrote(int length) throws IOException {
        sinceFlush += length;
        if (sinceFlush >= stepBytes && (flusher == null || !flusher.isAlive())) {
            if (flushFailure != null) {
                throw flushFailure;
            }
            sinceFlush = 0;
            flushesStarted++;
            flusher = new Thread(() -> {
                try {
                    channel.force(false);
                } catch (IOException failed) {
                    flushFailure = failed;
                }
            }, "backstop-upload-write-behind");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    private void awaitFlusher() throws java.io.InterruptedIOException {
        if (flusher == null) {
            return;
        }
        try {
            flusher.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the upload was written back");
        }
    }

    /** How many background write-backs were started; for tests. */
    int flushesStarted() {
        return flushesStarted;
    }
}
