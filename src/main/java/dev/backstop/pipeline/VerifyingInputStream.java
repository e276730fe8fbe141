package dev.backstop.pipeline;

import dev.backstop.core.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them. At the end of the stream it compares the size and
 * SHA-256 with what was expected and throws instead of reporting the end when they differ, so a
 * consumer never mistakes a damaged stream for a whole one. {@link #sizeOnly} checks the size alone,
 * for a stream whose bytes another check already pins down.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final String subject;
    private final long expectedSize;
    private final String expectedSha256;
    private final ProgressMeter meter;
    private long count;
    private boolean verified;

    /** {@code subject} names the stream in errors, such as {@code dump} or {@code stored object}. */
    VerifyingInputStream(InputStream in, String subject, long expectedSize, String expectedSha256, Progress progress,
                         String stage) {
        super(in);
        this.digest = expectedSha256 == null ? null : Sha256.newDigest();
        this.subject = subject;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
        this.meter = new ProgressMeter(progress, stage);
    }

    /** Checks only that {@code in} ends after exactly {@code expectedSize} bytes. */
    static VerifyingInputStream sizeOnly(InputStream in, String subject, long expectedSize, Progress progress,
                                         String stage) {
        return new VerifyingInputStream(in, subject, expectedSize, null, progress, stage);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read < 0) {
            verifyAtEnd();
            return -1;
        }
        if (digest != null) {
            digest.update(buffer, offset, read);
        }
        count += read;
        meter.at(count);
        if (count > expectedSize) {
            throw new ChecksumMismatchException(subject + " is longer than the " + expectedSize + " bytes recorded");
        }
        return read;
    }

    /** Reads to the end, so the size and SHA-256 are checked; throws when they differ. */
    void readToEnd() throws IOException {
        byte[] rest = new byte[1 << 16];
        while (read(rest, 0, rest.length) >= 0) {
            // Hashing happens in read.
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would bypass verification");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Checks the end once; asked again, it gives the same answer, the checksum of the whole stream each time. */
    private void verifyAtEnd() throws IOException {
        if (verified) {
            return;
        }
        if (digest == null) {
            if (count != expectedSize) {
                throw new ChecksumMismatchException(subject + " has " + count + " bytes, " + expectedSize
                        + " bytes were recorded");
            }
            verified = true;
            return;
        }
        String actual = Sha256.hex(digest);
        if (count != expectedSize) {
            throw new ChecksumMismatchException(subject + " has " + count + " bytes with sha256 " + actual + ", "
                    + expectedSize + " bytes with sha256 " + expectedSha256 + " were recorded");
        }
        if (!actual.equals(expectedSha256)) {
            throw new ChecksumMismatchException(subject + " sha256 " + actual + " differs from the recorded " + expectedSha256);
        }
        verified = true;
    }
}
