package dev.backstop.pipeline;

import dev.backstop.core.BackstopException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One backup or restore per database at a time in this process; a second is refused, naming the first. */
public final class JobLocks {

    private final ConcurrentMap<String, String> running = new ConcurrentHashMap<>();

    /** Takes the database's slot, or throws naming the job that holds it. */
    public Held acquire(String database, String job, String actor) {
        String description = job + " started by " + actor;
        String holder = running.putIfAbsent(database, description);
        if (holder != null) {
            throw new BackstopException("a " + holder + " is already running on " + database
                    + "; wait for it to finish and try again");
        }
        return new Held(database);
    }

    /** A held slot; closing it frees the database for the next job. */
    public final class Held implements AutoCloseable {
        private final String database;

        private Held(String database) {
            this.database = database;
        }

        @Override
        public void close() {
            running.remove(database);
        }
    }
}
