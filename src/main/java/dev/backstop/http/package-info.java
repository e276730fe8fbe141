/** The HTTP server (Javalin): Slack's event endpoint through a plain request/response seam, and health checks. */
package dev.backstop.http;
