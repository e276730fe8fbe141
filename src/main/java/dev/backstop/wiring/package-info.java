/** The wiring: reads the config and builds the implementations; the only package that knows them all. */
package dev.backstop.wiring;
