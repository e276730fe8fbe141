/** The chat command layer shared by Slack and the terminal chat: parsing, running jobs, neutral replies. */
package dev.backstop.chat;
