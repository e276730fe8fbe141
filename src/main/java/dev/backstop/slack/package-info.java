/** The Slack bot (Bolt): thin handlers that parse, call the chat command layer and render Block Kit. */
package dev.backstop.slack;
