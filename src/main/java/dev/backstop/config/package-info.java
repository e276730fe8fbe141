/** Backstop's YAML configuration: strict parsing, environment expansion and one-line errors. */
package dev.backstop.config;
