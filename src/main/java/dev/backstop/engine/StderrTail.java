package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a child's stderr to its end on its own thread and keeps only the last few KiB of it. */
final class StderrTail implements Runnable {

    private static final int KEEP = 8 * 1024;

    private final InputStream stderr;
    private final byte[] ring = new byte[KEEP];
    private long total;

    StderrTail(InputStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[4096];
        try (stderr) {
            int read;
            while ((read = stderr.read(buffer)) >= 0) {
                append(buffer, read);
            }
        } catch (IOException closed) {
            // The child is gone; what arrived so far is what there is to report.
        }
    }

    private synchronized void append(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (total++ % KEEP)] = buffer[i];
        }
    }

    /** The last bytes written, as text; a cut first line is dropped. */
    synchronized String text() {
        if (total <= KEEP) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % KEEP);
        byte[] ordered = new byte[KEEP];
        System.arraycopy(ring, start, ordered, 0, KEEP - start);
        System.arraycopy(ring, 0, ordered, KEEP - start, start);
        String text = new String(ordered, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return newline >= 0 ? text.substring(newline + 1) : text;
    }
}
