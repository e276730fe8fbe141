/** Text for people shared by the command line and the chat: aligned tables, sizes, the listing and its legend. */
package dev.backstop.text;
