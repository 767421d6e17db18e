package io.quiesce.lifecycle.http;

import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests per second over the last {@link #WINDOW} (or since the start, when shorter): how often new connections can be
 * expected after the signal while the endpoint removal has not yet propagated, since every response then closes its
 * connection and the client's next request comes on a new one. Sixteen 2-second buckets, a few atomic operations per
 * request, no thread.
 */
final class RequestPace {

    static final Duration BUCKET = Duration.ofSeconds(2);
    static final int BUCKETS = 16;
    /** The buckets before the current one: the current one is still filling. */
    static final Duration WINDOW = BUCKET.multipliedBy(BUCKETS - 1);

    private final TimeSource time;
    private final long started;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);

    RequestPace(TimeSource time) {
        this.time = time;
        this.started = time.nanoTime();
    }

    void arrived() {
        long epoch = epoch(time.nanoTime());
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        long seen = epochs.get(slot);
        if (seen != epoch && epochs.compareAndSet(slot, seen, epoch)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    /** Requests per second over the completed buckets of the window; 0 when none has completed yet. */
    double perSecond() {
        long now = time.nanoTime();
        long current = epoch(now);
        long total = 0;
        int buckets = 0;
        for (long epoch = current - 1; epoch > current - BUCKETS && epoch >= epoch(started); epoch--) {
            int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
            if (epochs.get(slot) == epoch) {
                total += counts.get(slot);
            }
            buckets++;
        }
        return buckets == 0 ? 0 : total / (buckets * (double) BUCKET.toNanos() / 1e9);
    }

    private static long epoch(long nanos) {
        return Math.floorDiv(nanos, BUCKET.toNanos());
    }
}
