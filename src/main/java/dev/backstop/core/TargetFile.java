package dev.backstop.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A file a restore writes, by its real path: the path is followed one name at a time, each name that
 * exists resolved with its symbolic links and each {@code ..} taken from what was resolved so far, as
 * the file system follows them once any missing folders are made. So neither a link nor {@code ..}
 * (not even after a folder that does not exist yet) can make two spellings of one file look
 * different, or a file outside a folder look inside it. Two paths of one file (hard links) are the
 * same place.
 */
public record TargetFile(Path path) implements RestoreTarget {

    /** The files SQLite keeps beside a database while it is open. */
    private static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal");

    /** Resolves {@code spelled} against {@code base}; throws a one-line error for a path that cannot be followed. */
    public static TargetFile resolve(Path base, String spelled) {
        try {
            return of(base.resolve(spelled), spelled);
        } catch (InvalidPathException invalid) {
            throw new BackstopException("`" + spelled + "` is not a valid path; name a file such as ./restored/app.db");
        }
    }

    /** The real location of {@code path} (made absolute first); throws a one-line error when it cannot be followed. */
    public static TargetFile of(Path path) {
        return of(path, path.toString());
    }

    private static TargetFile of(Path path, String shown) {
        Path absolute = path.toAbsolutePath();
        Path real = absolute.getRoot();
        for (Path name : absolute) {
            String part = name.toString();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                // real is resolved up to here, so its parent is where ".." leads, even below a missing folder
                // (a restore creates that folder, then the kernel follows the same "..").
                real = real.getParent() == null ? real : real.getParent();
                continue;
            }
            Path next = real.resolve(name);
            if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    next = next.toRealPath();
                } catch (IOException broken) {
                    throw new BackstopException("`" + shown + "` cannot be followed (" + broken.getClass().getSimpleName()
                            + ": a dangling or looping link?); name a plain file");
                }
            }
            real = next;
        }
        return new TargetFile(real);
    }

    /** Whether this file lies inside {@code folder}, at any depth, and is not the folder itself. */
    public boolean within(TargetFile folder) {
        return path.startsWith(folder.path) && !path.equals(folder.path);
    }

    /** Whether this is {@code database} or one of the journal files SQLite keeps beside it. */
    public boolean isOrBeside(TargetFile database) {
        return sameFile(path, database.path) || SIDECARS.stream()
                .anyMatch(suffix -> sameFile(path, Path.of(database.path + suffix)));
    }

    @Override
    public boolean samePlace(RestoreTarget other) {
        return other instanceof TargetFile file && sameFile(file.path, path);
    }

    /** How many names the existing file has (1 when it has no other hard link, 0 when it does not exist). */
    public int names() {
        try {
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? ((Number) Files.getAttribute(path, "unix:nlink",
                    LinkOption.NOFOLLOW_LINKS)).intValue() : 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return 1;
        }
    }

    /** The same path, or two existing paths of one file (a hard link); a file that cannot be compared counts as the same. */
    private static boolean sameFile(Path first, Path second) {
        if (first.equals(second)) {
            return true;
        }
        if (!Files.exists(first, LinkOption.NOFOLLOW_LINKS) || !Files.exists(second, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.isSameFile(first, second);
        } catch (IOException unreadable) {
            return true;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
