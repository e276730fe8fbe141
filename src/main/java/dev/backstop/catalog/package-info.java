/**
 * The catalog: one SQLite file (WAL mode, versioned migrations) holding backups and their
 * heartbeats, the append-only audit log, drills, alert state and production-restore approval
 * requests. {@link dev.backstop.catalog.Catalog} is its one public door.
 */
package dev.backstop.catalog;
