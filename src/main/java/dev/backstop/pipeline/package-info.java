/** The backup and restore pipelines: dump, zstd, age, sha256 and store, streamed end to end. */
package dev.backstop.pipeline;
