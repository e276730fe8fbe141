package dev.backstop.store;

import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An object being written to S3 with bounded memory: bytes fill one part buffer, each full buffer
 * is sent as a part of a multipart upload, and commit sends the rest and completes the upload. An
 * object smaller than one part is sent whole with one request. The buffer starts at 64 KiB and grows
 * to the full part size only when that overflows, so a small manifest does not hold 8 MiB. Any
 * failure aborts the multipart upload, so no parts are left behind.
 */
final class S3Upload implements Upload {

    private enum State { OPEN, COMMITTED, ABORTED }

    private static final int FIRST_BUFFER = 1 << 16;

    private final MultipartTarget target;
    private final String key;
    private final int partSize;
    private final List<MultipartTarget.Part> parts = new ArrayList<>();
    private final OutputStream stream = new PartStream();
    private byte[] buffer;
    private int filled;
    private String uploadId;
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
            if (uploadId == null) {
                target.putWhole(key, buffer, filled);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                target.complete(key, uploadId, List.copyOf(parts));
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
        while (length > 0) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, partSize);
            }
            int taken = Math.min(buffer.length - filled, length);
            System.arraycopy(bytes, offset, buffer, filled, taken);
            filled += taken;
            offset += taken;
            length -= taken;
            if (filled == partSize) {
                try {
                    sendPart();
                } catch (IOException | RuntimeException failure) {
                    abortAfter(failure);
                    throw failure;
                }
            }
        }
    }

    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = target.start(key);
        }
        parts.add(target.uploadPart(key, uploadId, parts.size() + 1, buffer, filled));
        filled = 0;
    }

    private void requireOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("upload of " + key + " is already " + state.name().toLowerCase());
        }
    }

    private void abortAfter(Throwable failure) {
        try {
            discard();
        } catch (IOException abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }

    private void discard() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        buffer = null;
        if (uploadId != null) {
            target.abort(key, uploadId);
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
