package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real ticker keeps calling a task that throws, as a heartbeat against a busy catalog needs. */
class ThreadTickerTest {

    @Test
    void a_task_that_throws_is_called_again_until_closed() throws Exception {
        CountDownLatch calls = new CountDownLatch(3);
        try (Ticker.Ticking ticking = new ThreadTicker("test-ticker").every(Duration.ofMillis(1), () -> {
            calls.countDown();
            throw new IllegalStateException("catalog busy");
        })) {
            assertTrue(calls.await(10, TimeUnit.SECONDS), "three calls despite each one throwing");
        }
    }
}
