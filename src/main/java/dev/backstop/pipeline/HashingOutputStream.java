package dev.backstop.pipeline;

import dev.backstop.core.Progress;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while counting them and computing their SHA-256. Closing it flushes but
 * leaves the underlying stream open, so an upload is committed or aborted by its owner.
 */
final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final ProgressMeter meter;
    private long count;

    HashingOutputStream(OutputStream out, Progress progress, String stage) {
        super(out);
        this.meter = new ProgressMeter(progress, stage);
    }

    @Override
    public void write(int value) throws IOException {
        out.write(value);
        digest.update((byte) value);
        count++;
        meter.at(count);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        digest.update(buffer, offset, length);
        count += length;
        meter.at(count);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    long count() {
        return count;
    }

    String sha256() {
        return Sha256.hex(digest);
    }
}
