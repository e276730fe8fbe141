package dev.backstop.core;

/**
 * The capability of engines whose {@link SourceSnapshot#tableRowCounts} describe exactly the data in
 * the dump (counted in the dump's own snapshot, or from the dump itself). Only then do restore checks
 * and drills demand that a restored copy holds exactly those counts; for other engines they check that
 * the same tables are there.
 */
public interface SnapshotRowCounts {
}
