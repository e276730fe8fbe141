/** The services bundle the command line and the chat layer both run on, built by the wiring. */
package dev.backstop.services;
