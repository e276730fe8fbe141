/** Backstop's records and seams: engines, object stores, notifiers and the ticker; imports only java.*. */
package dev.backstop.core;
