/** When things run and what is kept: cron schedules and retention. */
package dev.backstop.schedule;
