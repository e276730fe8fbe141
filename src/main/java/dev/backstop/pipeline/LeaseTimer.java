package dev.backstop.pipeline;

import dev.backstop.core.Ticker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renews the leases this process holds in the shared catalog (job locks, backups in use) from one daemon
 * thread for the whole process, a sixth of the lease apart, so a lease outlives a few missed renewals but a process that died
 * (even killed with SIGKILL) lets it run out. It also names this process as a lease holder.
 */
final class LeaseTimer implements Ticker {

    /** The default lease: renewed every 20 seconds, taken over two minutes after its holder stopped. */
    static final Duration LEASE = Duration.ofMinutes(2);

    /** The one renewal thread, started with the first lease. */
    private static final class Shared {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backstop-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How often a lease of {@code lease} is renewed. */
    static Duration renewalOf(Duration lease) {
        return lease.dividedBy(6);
    }

    /** A name unique to this holder: {@code host:pid:uuid}, starting with {@link #processName()}. */
    static String newHolder() {
        return processName() + ":" + UUID.randomUUID();
    }

    /** This process: {@code host:pid}. */
    static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unnamed) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public Ticking every(Duration interval, Runnable task) {
        long millis = Math.max(1, interval.toMillis());
        ScheduledFuture<?> repeated = Shared.TIMER.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException failed) {
                // A missed renewal is retried at the next tick; the lease outlives several.
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return () -> repeated.cancel(false);
    }
}
