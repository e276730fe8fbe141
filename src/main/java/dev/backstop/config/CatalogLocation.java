package dev.backstop.config;

import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetFile;
import dev.backstop.core.TargetUrl;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the catalog lives: a SQLite {@code file}, or a PostgreSQL {@code url} (never holding a password)
 * with its {@code password}; and the {@code workDir} where snapshots and downloads are staged (beside a
 * SQLite file, else configured). {@link #toString} is {@link #where}, so the password is never shown.
 */
public record CatalogLocation(Path file, String url, String password, Path workDir) {

    public CatalogLocation {
        if ((file == null) == (url == null)) {
            throw new IllegalArgumentException("a catalog is either a file or a URL");
        }
        Objects.requireNonNull(workDir, "workDir");
        password = password == null ? "" : password;
    }

    /** A SQLite catalog in {@code file}, staging work in {@code work/} beside it. */
    public static CatalogLocation file(Path file) {
        Path absolute = file.toAbsolutePath();
        return new CatalogLocation(absolute, null, "", absolute.getParent().resolve("work"));
    }

    /**
     * A PostgreSQL catalog at {@code url} ({@code postgresql://user@host:port/database}), logging in with
     * {@code password}. Throws a one-line error when the URL carries a password itself.
     */
    public static CatalogLocation postgresql(String url, String password, Path workDir) {
        if (TargetUrl.parse(url).hasPassword()) {
            throw new IllegalArgumentException("the catalog URL must not contain a password; write it in"
                    + " catalog_password as ${VAR}");
        }
        return new CatalogLocation(null, url, password, workDir.toAbsolutePath());
    }

    /** Whether {@code text} names a PostgreSQL catalog rather than a file. */
    public static boolean isUrl(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    public boolean isFile() {
        return file != null;
    }

    /** The file, or the URL (which never holds a password): what messages name the catalog by. */
    public String where() {
        return isFile() ? file.toString() : url;
    }

    /** The catalog as a restore target, so restores can refuse to overwrite it. */
    public RestoreTarget place() {
        return isFile() ? TargetFile.of(file) : TargetUrl.parse(url);
    }

    @Override
    public String toString() {
        return where();
    }
}
