package dev.backstop.store;

import dev.backstop.core.Upload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A file being written to a temp name; commit syncs it to disk and renames it atomically into place. */
final class LocalUpload implements Upload {

    private final Path temp;
    private final Path destination;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean finished;

    LocalUpload(Path temp, Path destination) throws IOException {
        this.temp = temp;
        this.destination = destination;
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
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
}
