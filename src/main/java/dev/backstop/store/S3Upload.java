package dev.backstop.store;

import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An object being written to S3 with bounded memory: bytes fill a part buffer, each full buffer is
 * sent as a part of a multipart upload on a background thread while the next one fills, and commit
 * sends the rest and completes the upload. An upload holds at most two part buffers, one filling and
 * one in flight, and reuses them. An object smaller than one part is sent whole with one request; its
 * buffer starts at 64 KiB and grows to the full part size only when that overflows, so a small
 * manifest does not hold a whole part. Any failure aborts the multipart upload, so no parts are left.
 */
final class S3Upload implements Upload {

    private enum State { OPEN, COMMITTED, ABORTED }

    /** S3 numbers parts from 1 to 10,000. */
    static final int MAX_PARTS = 10_000;

    private static final int FIRST_BUFFER = 1 << 16;

    private final MultipartTarget target;
    private final String key;
    private final int partSize;
    private final OutputStream stream = new PartStream();
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private PartSender sender;
    private State state = State.OPEN;

    S3Upload(MultipartTarget target, String key, int partSize) {
        this.target = target;
        this.key = key;
        this.partSize = partSize;
        this.buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public synchronized void commit() throws IOException {
        requireOpen();
        try {
            if (sender == null) {
                target.putWhole(key, buffer, filled);
            } else {
                if (filled > 0) {
                    handOver();
                }
                target.complete(key, uploadId, sender.finish());
            }
            state = State.COMMITTED;
            buffer = null;
        } catch (IOException | RuntimeException failure) {
            abortAfter(failure);
            throw failure;
        }
    }

    @Override
    public synchronized void abort() {
        try {
            discard();
        } catch (IOException ignored) {
            // Abort cannot fail its caller; the bucket's AbortIncompleteMultipartUpload lifecycle rule,
            // which docs/storage.md asks for, removes what is left.
        }
    }

    private synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        requireOpen();
        try {
            if (sender != null) {
                sender.throwIfFailed();
            }
            while (length > 0) {
                if (buffer == null) {
                    buffer = new byte[partSize];
                } else if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, partSize);
                }
                int taken = Math.min(buffer.length - filled, length);
                System.arraycopy(bytes, offset, buffer, filled, taken);
                filled += taken;
                offset += taken;
                length -= taken;
                if (filled == partSize) {
                    handOver();
                }
            }
        } catch (IOException | RuntimeException failure) {
            abortAfter(failure);
            throw failure;
        }
    }

    /** Hands the filled buffer to the sender and takes back the one it has finished with, if any. */
    private void handOver() throws IOException {
        if (sender == null) {
            uploadId = target.start(key);
            sender = new PartSender(target, key, uploadId);
        }
        if (sender.handedOver() == MAX_PARTS) {
            throw new IOException(key + " does not fit in " + partsLimit(partSize)
                    + ", the most S3 allows in one object: raise storage.part_size");
        }
        buffer = sender.send(buffer, filled);
        filled = 0;
    }

    /** The largest object parts of {@code partSize} make, for people: {@code 10,000 parts of 8.0 MiB (78.1 GiB)}. */
    static String partsLimit(int partSize) {
        return String.format(Locale.ROOT, "%,d parts of %,.1f MiB (%,.1f GiB)", MAX_PARTS, partSize / 1048576.0,
                partSize * (double) MAX_PARTS / (1L << 30));
    }

    private void requireOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("upload of " + key + " is already " + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private void abortAfter(Throwable failure) {
        try {
            discard();
        } catch (IOException abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }

    /**
     * Stops the part in flight, then aborts the multipart upload. The abort is sent even when this thread
     * was interrupted (the interrupt is kept for the caller), so a cancelled backup leaves no parts.
     */
    private void discard() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        buffer = null;
        if (sender != null) {
            sender.cancel();
        }
        if (uploadId != null) {
            boolean interrupted = Thread.interrupted();
            try {
                target.abort(key, uploadId);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The upload's stream: it fills the part buffer; closing it does not commit. */
    private final class PartStream extends OutputStream {
        @Override
        public void write(int value) throws IOException {
            S3Upload.this.write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            S3Upload.this.write(bytes, offset, length);
        }
    }
}
