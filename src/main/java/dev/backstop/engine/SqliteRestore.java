package dev.backstop.engine;

import dev.backstop.core.Applied;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * Restores a SQLite dump into a file. The dump is written to a temp file beside the target and
 * opened first. A new target is that file renamed into place. A sound existing target is copied
 * into with the backup API in one transaction, so a live WAL database stays consistent. A damaged
 * or non-database target is kept aside as {@code <target>.before-restore-<stamp>} (with its -wal
 * and -shm) and the temp file is renamed over it.
 */
final class SqliteRestore {

    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] SIDECARS = {"-wal", "-shm", "-journal"};
    private static final int SQLITE_OK = 0;

    private final Clock clock;

    SqliteRestore(Clock clock) {
        this.clock = clock;
    }

    /** Refuses a URL such as {@code postgresql://host/db} (a SQLite backup restores into a file path) and a folder. */
    static void requireFilePath(String target) {
        if (target == null || target.isBlank()) {
            throw new BackstopException("the restore target is empty; a sqlite backup restores into a file path");
        }
        if (URL.matcher(target).matches()) {
            throw new BackstopException(Redaction.secrets(target)
                    + " is a URL; a sqlite backup restores into a file path, such as --to ./restored/app.db");
        }
        Path destination = Path.of(target).toAbsolutePath();
        if (Files.isDirectory(destination)) {
            throw new BackstopException(destination + " is a folder; name the database file to restore into,"
                    + " such as " + destination.resolve("app.db"));
        }
    }

    /**
     * Writes {@code dump} to {@code target}. With {@code checkTarget} a new target's damage check and row
     * counts run while it is synced, and come back in {@link Applied#checked()}; a drill, which runs its
     * own fuller checks, passes false.
     */
    Applied restore(InputStream dump, String target, boolean checkTarget) throws IOException {
        requireFilePath(target);
        Path destination = Path.of(target).toAbsolutePath();
        Files.createDirectories(destination.getParent());
        Path incoming = Files.createTempFile(destination.getParent(), ".backstop-restore-", ".db");
        // Over an existing file the temp file is most likely only the backup API's source, read once and
        // deleted, so it is not synced; it is synced before it is ever renamed into place.
        boolean synced = !Files.exists(destination);
        // The existing file is checked on another thread while the dump streams in, since it decides only
        // what happens after the dump has arrived.
        BackgroundCheck<Optional<String>> damageCheck = synced ? null
                : BackgroundCheck.start("backstop-target-check", () -> SqliteFiles.damage(destination));
        try {
            Optional<Applied.Checked> checked = Optional.empty();
            if (synced) {
                checked = writeSyncedAndChecked(dump, incoming, checkTarget);
            } else {
                try (OutputStream file = Files.newOutputStream(incoming)) {
                    copy(dump, file);
                }
                SqliteFiles.requireReadable(incoming);
            }
            SqliteFiles.deleteSidecars(incoming);
            if (!Files.exists(destination)) {
                syncUnlessSynced(incoming, synced);
                SqliteFiles.deleteSidecars(destination);
                Files.move(incoming, destination, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(destination.getParent());
                return checked.map(Applied.NOTHING_KEPT::withChecked).orElse(Applied.NOTHING_KEPT);
            }
            Optional<String> damage = damageCheck != null ? damageCheck.outcome("the restore target")
                    : SqliteFiles.damage(destination);
            if (damage.isEmpty()) {
                return copyInto(incoming, destination, checkTarget)
                        .map(Applied.NOTHING_KEPT::withChecked).orElse(Applied.NOTHING_KEPT);
            }
            syncUnlessSynced(incoming, synced);
            return Applied.keptAs(replace(incoming, destination).toString(), damage.get());
        } finally {
            SqliteFiles.deleteWithSidecars(incoming);
        }
    }

    /**
     * Writes the dump into {@code incoming} and makes it durable, while the checks a restored target must
     * pass run on it (from the page cache) beside the {@code fsync}; the file is renamed into place
     * unchanged, so what they found is what the target holds. Throws when it is no usable database.
     */
    private static Optional<Applied.Checked> writeSyncedAndChecked(InputStream dump, Path incoming,
                                                                   boolean checkTarget) throws IOException {
        BackgroundCheck<Optional<Applied.Checked>> check;
        WriteBehindFile file = new WriteBehindFile(incoming);
        try {
            copy(dump, file);
            check = BackgroundCheck.start("backstop-restored-check", () -> {
                if (checkTarget) {
                    return SqliteFiles.restoredCheck(incoming);
                }
                SqliteFiles.requireReadable(incoming);
                return Optional.empty();
            });
        } catch (IOException | RuntimeException failed) {
            try {
                file.close();
            } catch (IOException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        try {
            file.close();
        } catch (IOException | RuntimeException failed) {
            check.awaited();
            throw failed;
        }
        var o = check.outcome("the restored copy");
        return o;
    }

    /** Makes {@code file} durable before it is renamed into place, unless it was written synced. */
    private static void syncUnlessSynced(Path file, boolean synced) throws IOException {
        if (!synced) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    /** Copies in 1 MiB blocks, so the file system works on large writes. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] block = new byte[1 << 20];
        for (int read = in.readNBytes(block, 0, block.length); read > 0; read = in.readNBytes(block, 0, block.length)) {
            out.write(block, 0, read);
        }
    }

    /**
     * Copies {@code incoming} into the sound database {@code destination} in one step. sqlite-jdbc's
     * result code comes from its connection to {@code incoming}, so it misses a failure on the
     * destination (a full disk, a lock held past the retries); the backup API's progress, which
     * reports the end only once the destination committed, tells whether the copy landed. With
     * {@code checkTarget}, what the target's checks found once the copy landed.
     */
    private static Optional<Applied.Checked> copyInto(Path incoming, Path destination, boolean checkTarget)
            throws IOException {
        CopyProgress progress = new CopyProgress();
        int result;
        Optional<Applied.Checked> checked = Optional.empty();
        try (Connection connection = SqliteFiles.open(destination, false)) {
            boolean leftWal = leaveWalForOtherPageSize(connection, incoming, destination);
            // A WAL target's commit is not synced on its own: the checkpoint below syncs the WAL before it
            // writes the database file, and the WAL is synced again after it (for when a reader kept the
            // checkpoint from copying it all), so the copy is durable before anyone is told. A crash before
            // then leaves an unsynced commit that SQLite's recovery drops whole: the old content.
            boolean unsyncedCommit = checkTarget && "wal".equalsIgnoreCase(SqliteFiles.pragma(connection, "journal_mode"));
            if (unsyncedCommit) {
                try (var statement = connection.createStatement()) {
                    statement.execute("PRAGMA synchronous = NORMAL");
                }
            }
            result = ((SQLiteConnection) connection).getDatabase()
                    .restore("main", incoming.toString(), progress, 100, 100, -1);
            if (leftWal && !progress.finished()) {
                SqliteFiles.pragma(connection, "journal_mode = WAL"); // as it was; the error below says why it stopped
            }
            if (result == SQLITE_OK && progress.finished() && checkTarget) {
                checked = checkWhileCheckpointing(connection, destination);
                if (unsyncedCommit) {
                    try {
                        syncWal(destination);
                    } catch (IOException unsynced) {
                        throw new IOException("the restored data is in " + destination + " but its WAL could not be"
                                + " synced to disk (" + unsynced.getMessage() + "); check the disk, then verify the"
                                + " database or restore again", unsynced);
                    }
                }
            }
        } catch (SQLException failed) {
            throw new IOException("cannot write " + destination + " (is it locked by a long transaction?): "
                    + failed.getMessage(), failed);
        }
        if (result != SQLITE_OK) {
            throw new IOException("copying the backup into " + destination + " failed with SQLite result code "
                    + result);
        }
        if (!progress.finished()) {
            throw new IOException("copying the backup into " + destination + " did not finish"
                    + spaceHint(incoming, destination));
        }
        return checked;
    }

    /**
     * Makes the WAL of {@code destination}, and so a commit in it, durable. SQLite keeps the WAL beside
     * the file a link points to, so the real path names it.
     */
    private static void syncWal(Path destination) throws IOException {
        try (FileChannel wal = FileChannel.open(Path.of(destination.toRealPath() + "-wal"), StandardOpenOption.WRITE)) {
            wal.force(true);
        }
    }

    /**
     * Runs the restored target's checks on a connection of their own while {@code connection}, whose copy
     * has committed (in the WAL of a WAL database), syncs it and writes it from the WAL into the database file;
     * it would otherwise do that alone as it closes, before the checks could start. A failed check or
     * checkpoint changes nothing that landed: the caller then checks the target itself, and SQLite
     * checkpoints at the next chance.
     */
    private static Optional<Applied.Checked> checkWhileCheckpointing(Connection connection, Path destination) {
        BackgroundCheck<Optional<Applied.Checked>> check = BackgroundCheck.start("backstop-restored-check",
                () -> SqliteFiles.restoredCheck(destination));
        try {
            if ("wal".equalsIgnoreCase(SqliteFiles.pragma(connection, "journal_mode"))) {
                SqliteFiles.pragma(connection, "wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException notNow) {
            // The copy is committed; the checkpoint is only done sooner here.
        }
        try {
            return check.outcome("the restored database");
        } catch (IOException | RuntimeException unchecked) {
            return Optional.empty();
        }
    }

    /**
     * SQLite cannot copy into a WAL database whose page size differs from the backup's. Such a
     * target leaves WAL mode first (the backup's header then sets the mode again), which SQLite allows
     * only while no other connection has it open; otherwise the restore stops and says so.
     */
    private static boolean leaveWalForOtherPageSize(Connection connection, Path incoming, Path destination)
            throws SQLException, IOException {
        String wanted;
        try (Connection backup = SqliteFiles.open(incoming, true)) {
            wanted = SqliteFiles.pragma(backup, "page_size");
        }
        String present = SqliteFiles.pragma(connection, "page_size");
        if (wanted.equals(present) || !"wal".equalsIgnoreCase(SqliteFiles.pragma(connection, "journal_mode"))) {
            return false;
        }
        String mode;
        try {
            mode = SqliteFiles.pragma(connection, "journal_mode = DELETE");
        } catch (SQLException inUse) {
            mode = inUse.getMessage();
        }
        if (!"delete".equalsIgnoreCase(mode)) {
            throw new IOException(destination + " is a WAL database with " + present + "-byte pages and the backup has "
                    + wanted + "-byte pages; SQLite copies across page sizes only when no other connection has the"
                    + " file open: stop the app and restore again");
        }
        return true;
    }

    /** Names a full file system when it is the likely cause; otherwise points at a lock. */
    private static String spaceHint(Path incoming, Path destination) {
        try {
            long free = Files.getFileStore(destination.getParent()).getUsableSpace();
            if (free < Files.size(incoming)) {
                return ": the file system has " + mebibytes(free) + " free and the copy needs up to "
                        + mebibytes(Files.size(incoming)) + "; free some space and retry";
            }
        } catch (IOException unknown) {
            // Fall through to the other likely cause.
        }
        return " (another connection held a lock for more than 10 s, or the disk refused a write); retry when"
                + " the app is idle";
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * Keeps the damaged {@code destination} as {@code <destination>.before-restore-<stamp>}, moves its
     * sidecars beside that name (so its old WAL is never replayed onto the restored file), then renames
     * {@code incoming} over {@code destination}: the target path always names a whole file.
     */
    private Path replace(Path incoming, Path destination) throws IOException {
        Path aside = asideName(destination);
        try {
            Files.createLink(aside, destination);
        } catch (UnsupportedOperationException | IOException noLink) {
            Files.deleteIfExists(aside);
            try {
                Files.copy(destination, aside, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (IOException failed) {
                Files.deleteIfExists(aside);
                throw new IOException("cannot keep the damaged " + destination + " aside as " + aside + ": "
                        + failed.getMessage(), failed);
            }
        }
        int moved = 0;
        try {
            for (String suffix : SIDECARS) {
                Path sidecar = Path.of(destination + suffix);
                if (Files.exists(sidecar)) {
                    Files.move(sidecar, Path.of(aside + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
                moved++;
            }
            Files.move(incoming, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            for (int index = 0; index < moved; index++) {
                Path sidecar = Path.of(aside + SIDECARS[index]);
                if (Files.exists(sidecar)) {
                    Files.move(sidecar, Path.of(destination + SIDECARS[index]), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.deleteIfExists(aside);
            throw new IOException("cannot replace the damaged " + destination + ": " + failed.getMessage(), failed);
        }
        syncDirectory(destination.getParent());
        return aside;
    }

    private Path asideName(Path destination) {
        String base = destination + ".before-restore-" + STAMP.format(clock.instant());
        Path aside = Path.of(base);
        for (int attempt = 2; Files.exists(aside) || Files.exists(Path.of(aside + "-wal")); attempt++) {
            aside = Path.of(base + "-" + attempt);
        }
        return aside;
    }

    /** Makes a rename in {@code folder} durable, so a crash right after a restore cannot undo it. */
    private static void syncDirectory(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Remembers whether the backup API reported its last page copied and the destination committed. */
    private static final class CopyProgress implements DB.ProgressObserver {
        private volatile boolean finished;

        @Override
        public void progress(int remaining, int pageCount) {
            finished = remaining == 0;
        }

        boolean finished() {
            return finished;
        }
    }
}
