/** The catalog: a SQLite file of backups and the append-only audit log, with versioned migrations. */
package dev.backstop.catalog;
