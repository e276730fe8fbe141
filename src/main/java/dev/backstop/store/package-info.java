/** Object stores that hold backups: a local folder and S3-compatible buckets, with retrying decorators. */
package dev.backstop.store;
