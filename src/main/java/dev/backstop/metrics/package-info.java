/** What {@code GET /metrics} shows Prometheus; the only package that imports the Prometheus client. */
package dev.backstop.metrics;
