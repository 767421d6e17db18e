package io.quiesce.workflow.instance;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * At most {@code calls} requests wait on Temporal at once. Another waits up to {@code wait} for a turn, which a healthy
 * Temporal's burst gets, and is refused at once when every call in flight has already taken longer than that: Temporal
 * is not answering, and a waiting request would only hold one of Liberty's threads, which the probes need.
 */
final class TemporalBulkhead {

    private final Semaphore permits;
    private final int calls;
    private final Duration wait;
    private final LongSupplier nanoTime;
    private final Map<Long, Long> inFlightSince = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    TemporalBulkhead(int calls, Duration wait) {
        this(calls, wait, System::nanoTime);
    }

    TemporalBulkhead(int calls, Duration wait, LongSupplier nanoTime) {
        this.permits = new Semaphore(calls);
        this.calls = calls;
        this.wait = wait;
        this.nanoTime = nanoTime;
    }

    /** @throws WorkflowUnavailableException no turn; nothing was sent */
    <T> T call(String what, Supplier<T> call) {
        if (!acquire()) {
            throw new WorkflowUnavailableException(
                    "Temporal is not keeping up: " + calls + " calls already wait on it; did not " + what
                            + " (waited at most " + wait.toMillis() + " ms for a turn)",
                    null);
        }
        long id = sequence.incrementAndGet();
        inFlightSince.put(id, nanoTime.getAsLong());
        try {
            return call.get();
        } finally {
            inFlightSince.remove(id);
            permits.release();
        }
    }

    private boolean acquire() {
        if (permits.tryAcquire()) {
            return true;
        }
        if (allInFlightOlderThanTheWait()) {
            return false;
        }
        try {
            return permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean allInFlightOlderThanTheWait() {
        long now = nanoTime.getAsLong();
        long youngest = inFlightSince.values().stream()
                .mapToLong(since -> now - since)
                .min()
                .orElse(0);
        return inFlightSince.size() >= calls && youngest > wait.toNanos();
    }
}
