/** The schedule syntax: cron expressions and {@code @every}, parsed and stepped; imports only {@code java.*}. */
package dev.backstop.cron;
