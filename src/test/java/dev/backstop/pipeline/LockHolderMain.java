package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A process that takes the job lock of a database and keeps renewing it until it is killed: {@code CATALOG
 * DATABASE LEASE_MILLIS}. It prints {@code locked} once it holds the lock.
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Catalog catalog = Catalog.open(Path.of(args[0]));
        JobLocks locks = new JobLocks(catalog, Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[2])));
        locks.acquire(args[1], "backup", "child");
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
