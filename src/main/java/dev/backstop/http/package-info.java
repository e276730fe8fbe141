/** The HTTP server (Javalin): Slack's event endpoint through a plain request/response seam, health checks, metrics and the read-only status page. */
package dev.backstop.http;
