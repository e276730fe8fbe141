package dev.backstop.schedule;

import java.io.Serializable;

/**
 * The data of one scheduled job's task instance (one per database and kind): the database and the
 * schedule it was created with, so a changed schedule in the config is noticed at start-up.
 */
record JobSlot(String database, String schedule) implements Serializable {
}
