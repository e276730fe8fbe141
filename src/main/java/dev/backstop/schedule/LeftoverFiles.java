package dev.backstop.schedule;

import dev.backstop.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the temp files that killed jobs leave behind: backup snapshots ({@code .backstop-snapshot-*}) and
 * restore downloads ({@code .backstop-download-*}) and PostgreSQL restores' staged dumps
 * ({@code .backstop-pg-restore-*}) in the work folder, unfinished uploads
 * ({@code .tmp-*.part}) anywhere in a local store, and SQLite restores' incoming copies
 * ({@code .backstop-restore-*}) beside a SQLite database and its restore targets. Jobs in other processes
 * cannot be asked, so a file counts as a leftover only when nothing has written it for {@link #SAFE_AGE}:
 * a running job writes its file as data flows, and a SQLite backup touches its snapshot while it streams out.
 * Backups also keep a row in the shared catalog while they run, so their snapshots and uploads go sooner:
 * after {@link #BACKUP_IDLE_AGE} when no backup is running at all.
 */
public final class LeftoverFiles {

    /** A file no job has written for this long belongs to no running job. */
    public static final Duration SAFE_AGE = Duration.ofHours(24);

    /** A backup's file not written this long, while no backup runs, belongs to a job that stopped. */
    public static final Duration BACKUP_IDLE_AGE = Duration.ofMinutes(10);

    /** Looks nowhere: for wiring that has no work folder or local store. */
    public static final LeftoverFiles NONE = new LeftoverFiles(null, Optional.empty());

    private final Path workDir;
    private final Optional<Path> localStore;

    /** {@code workDir} holds snapshots and downloads; {@code localStore} is the local store's root, if any. */
    public LeftoverFiles(Path workDir, Optional<Path> localStore) {
        this.workDir = workDir;
        this.localStore = localStore;
    }

    /** One leftover: the file and when it was last written. */
    public record Leftover(Path file, Instant lastWritten) {
    }

    /**
     * The leftovers that a job of {@code database} or of any other could have left: files not written
     * for {@link #SAFE_AGE} before {@code now}, and backups' snapshots and uploads not written for
     * {@link #BACKUP_IDLE_AGE} when {@code backupRunning} answers false after they were listed (a backup
     * records itself as running before it makes its files, so then none of them is still in use).
     */
    public List<Leftover> find(DatabaseConfig database, Instant now, BooleanSupplier backupRunning) throws IOException {
        List<Leftover> found = new ArrayList<>();
        List<Leftover> backupFiles = new ArrayList<>();
        Instant idleCutoff = now.minus(BACKUP_IDLE_AGE);
        if (workDir != null) {
            collect(workDir, false, name -> name.startsWith(".backstop-snapshot-"), idleCutoff, backupFiles);
            collect(workDir, false, name -> name.startsWith(".backstop-download-"), now.minus(SAFE_AGE), found);
            collect(workDir, false, name -> name.startsWith(".backstop-pg-restore-"), now.minus(SAFE_AGE), found);
        }
        if (localStore.isPresent()) {
            collect(localStore.get(), true, name -> name.startsWith(".tmp-") && name.endsWith(".part"), idleCutoff,
                    backupFiles);
        }
        for (Path folder : sqliteFolders(database)) {
            collect(folder, false, name -> name.startsWith(".backstop-restore-"), now.minus(SAFE_AGE), found);
        }
        if (!backupFiles.isEmpty() && backupRunning.getAsBoolean()) {
            backupFiles.removeIf(leftover -> !leftover.lastWritten().isBefore(now.minus(SAFE_AGE)));
        }
        found.addAll(0, backupFiles);
        return found;
    }

    /** The folders where restores of a SQLite {@code database} put their incoming copies. */
    private static Set<Path> sqliteFolders(DatabaseConfig database) {
        Set<Path> folders = new LinkedHashSet<>();
        if (!"sqlite".equals(database.engine())
                || !(database.settings().source() instanceof dev.backstop.core.TargetFile source)) {
            return folders;
        }
        folders.add(source.path().getParent());
        for (String target : database.restoreTargets()) {
            Path place = Path.of(target).toAbsolutePath();
            folders.add(target.endsWith("/") ? place : place.getParent());
        }
        return folders;
    }

    private static void collect(Path folder, boolean deep, Predicate<String> name, Instant cutoff, List<Leftover> found)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = deep ? Files.walk(folder) : Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!name.test(file.getFileName().toString()) || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Instant written = Files.getLastModifiedTime(file).toInstant();
                    if (written.isBefore(cutoff)) {
                        found.add(new Leftover(file, written));
                    }
                } catch (NoSuchFileException gone) {
                    // Its job finished and removed it meanwhile.
                }
            }
        }
    }
}
