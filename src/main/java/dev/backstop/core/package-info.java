/** Backstop's records and seams: engines, object stores and notifiers; imports only java.*. */
package dev.backstop.core;
