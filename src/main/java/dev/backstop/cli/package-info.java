/** The command line: picocli verbs that call the same services the Slack bot calls. */
package dev.backstop.cli;
