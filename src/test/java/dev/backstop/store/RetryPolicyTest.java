package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the retry policy tries again and what it gives up on at once. */
final class RetryPolicyTest {

    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(200), waits::add);
    private final AtomicInteger tries = new AtomicInteger();

    @Test
    void a_passing_failure_is_retried_until_it_succeeds() throws Exception {
        String result = retry.run(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "stored";
        });

        assertEquals("stored", result);
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400)), waits);
    }

    @Test
    void a_refusal_is_not_retried() {
        StoreRefusedException refused = new StoreRefusedException("access denied", null);

        IOException thrown = assertThrows(IOException.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw refused;
        }));

        assertSame(refused, thrown);
        assertEquals(1, tries.get());
        assertEquals(List.of(), waits);
    }

    @Test
    void a_missing_object_is_not_retried() {
        assertThrows(ObjectNotFoundException.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw new ObjectNotFoundException(new ObjectKey("app/missing"));
        }));

        assertEquals(1, tries.get());
    }
}
