package dev.backstop;

import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A {@link DatabaseEngine} for tests that stands in for a real one: it names itself as given and
 * refuses to dump or restore. A test extends it and overrides only what it exercises, such as
 * {@link #dump}, or adds a capability such as {@code SetAsideHousekeeping}; the no-argument constructor poses as SQLite.
 */
public abstract class FakeEngine implements DatabaseEngine {

    private final String name;
    private final String dumpFormat;
    private final String defaultTarget;

    /** Poses as the SQLite engine, with no default target anyone restores into. */
    protected FakeEngine() {
        this("sqlite", "sqlite3", "unused");
    }

    /** Poses as the engine {@code name} writing {@code dumpFormat}, whose source is {@code defaultTarget}. */
    protected FakeEngine(String name, String dumpFormat, String defaultTarget) {
        this.name = name;
        this.dumpFormat = dumpFormat;
        this.defaultTarget = defaultTarget;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String dumpFormat() {
        return dumpFormat;
    }

    @Override
    public final String defaultTarget() {
        return defaultTarget;
    }

    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        throw new UnsupportedOperationException("this fake " + name + " engine does not dump");
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        throw new UnsupportedOperationException("this fake " + name + " engine does not restore");
    }

    @Override
    public List<String> damageProblems(String target) throws IOException {
        throw new UnsupportedOperationException("this fake " + name + " engine does not check targets");
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        throw new UnsupportedOperationException("this fake " + name + " engine does not count rows");
    }
}
