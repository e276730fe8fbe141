package dev.backstop.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The dump staged as a file for {@code pg_restore -j}, which needs to seek: a private file (mode 0600)
 * in the work folder, created only after the folder was checked for room, written as the dump streams,
 * and deleted on {@link #close} whatever happened. A write failure, such as a full disk, becomes one
 * line that names the folder.
 */
final class PostgresSpool implements AutoCloseable {

    /** The prefix of spool files in the work folder; a killed restore's leftover is found by it. */
    static final String PREFIX = ".backstop-pg-restore-";
    /** Left free beyond the dump itself, so a spool never fills the disk to its last byte. */
    static final long RESERVE = 64L << 20;

    /** How much space is free for a new file in a folder. */
    @FunctionalInterface
    interface FreeSpace {
        long usable(Path folder) throws IOException;

        FreeSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();
    }

    private final Path file;
    private final Path workDir;
    private final FreeSpace freeSpace;

    private PostgresSpool(Path file, Path workDir, FreeSpace freeSpace) {
        this.file = file;
        this.workDir = workDir;
        this.freeSpace = freeSpace;
    }

    /**
     * A new, empty spool file in {@code workDir} for a dump of {@code dumpBytes} (-1 when unknown), after
     * checking that the folder has room for it and the reserve; refuses with one line before creating anything.
     */
    static PostgresSpool open(long dumpBytes, Path workDir, FreeSpace freeSpace) throws IOException {
        Files.createDirectories(workDir);
        long free = freeSpace.usable(workDir);
        if (dumpBytes >= 0 && free < dumpBytes + RESERVE) {
            throw new IOException("not enough disk space to stage the dump for pg_restore: " + workDir + " has "
                    + mebibytes(free) + " free and the dump needs " + mebibytes(dumpBytes) + " (and " + mebibytes(RESERVE)
                    + " to spare); free some space there, or set restore_jobs: 1 to stream the dump instead");
        }
        Path file = Files.createTempFile(workDir, PREFIX, ".dump",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new PostgresSpool(file, workDir, freeSpace);
    }

    /** Writes the dump into the spool file in the order it arrives; a failed write names the folder in one line. */
    Writer writer() throws IOException {
        return new Writer(Files.newOutputStream(file, StandardOpenOption.WRITE));
    }

    /** The spool file's writing end. */
    final class Writer implements AutoCloseable {
        private final OutputStream out;
        private long written;

        private Writer(OutputStream out) {
            this.out = out;
        }

        void write(byte[] data, int offset, int length) throws IOException {
            try {
                out.write(data, offset, length);
            } catch (IOException refused) {
                throw full(workDir, freeSpace, written, refused);
            }
            written += length;
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException refused) {
                throw full(workDir, freeSpace, written, refused);
            }
        }
    }

    private static IOException full(Path workDir, FreeSpace freeSpace, long written, IOException refused) {
        String free;
        try {
            free = mebibytes(freeSpace.usable(workDir)) + " free";
        } catch (IOException unknown) {
            free = "unknown free space";
        }
        return new IOException("cannot stage the dump for pg_restore in " + workDir + " after " + mebibytes(written)
                + " (" + refused.getMessage() + "; " + free + "); free some space there, or set restore_jobs: 1 to"
                + " stream the dump instead", refused);
    }

    Path file() {
        return file;
    }

    /** Deletes the file; one that cannot be deleted now is found by its prefix and deleted by the clean-up later. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException stays) {
            // LeftoverFiles deletes it after its safe age.
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
