/** Database engines: how each kind of database is dumped, restored and checked. */
package dev.backstop.engine;
