/**
 * The catalog: a SQLite file (WAL mode) or a PostgreSQL database, through Jdbi and Flyway, holding
 * backups and their heartbeats, the append-only audit log, drills, alert state and production-restore
 * approval requests. {@link dev.backstop.catalog.Catalog} is its one public door.
 */
package dev.backstop.catalog;
