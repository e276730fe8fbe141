/** Object stores that hold backups: a local folder, and later S3-compatible buckets. */
package dev.backstop.store;
