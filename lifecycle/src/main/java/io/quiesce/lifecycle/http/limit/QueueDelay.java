package io.quiesce.lifecycle.http.limit;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * How long work waits in Liberty's executor before a thread takes it: the queue that requests and the kubelet's probes
 * wait in before any application code runs, which the concurrency limit cannot see (a request it could refuse has
 * already waited there). Measured with a tiny task submitted to the default managed executor, which runs on that same
 * executor, at most every {@code every} and only while requests arrive (an idle server submits nothing).
 *
 * <p>Like CoDel, it reports an overload only when the delay has stayed above the target for a whole interval: a burst
 * that queues for a moment is not an overload; a queue that does not drain is. A probe task still waiting counts with
 * its age, so a queue that grows is seen before the probe task runs.
 */
public final class QueueDelay {

    private final Duration target;
    private final Duration interval;
    private final Duration every;
    private final LongSupplier nanoTime;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Executor executor;
    private volatile long submittedAt;
    private volatile long lastSubmit;
    private volatile long lastDelay;
    private volatile long aboveSince;
    private volatile long highest;

    public QueueDelay(Duration target, Duration interval, Duration every, LongSupplier nanoTime) {
        this.target = target;
        this.interval = interval;
        this.every = every;
        this.nanoTime = nanoTime;
        this.lastSubmit = nanoTime.getAsLong() - every.toNanos();
    }

    /** The executor to measure; until it is set (or when it rejects work) nothing is measured. */
    public void measure(Executor executor) {
        this.executor = executor;
    }

    /** Called on each request: submits a probe task when none is waiting and the last one is {@code every} old. */
    public void sample() {
        Executor e = executor;
        long now = nanoTime.getAsLong();
        if (e == null || now - lastSubmit < every.toNanos() || !waiting.compareAndSet(false, true)) {
            return;
        }
        lastSubmit = now;
        submittedAt = now;
        try {
            e.execute(this::ran);
        } catch (RejectedExecutionException stopping) {
            // Liberty quiesces its executors at stop: nothing to measure any more.
            executor = null;
            waiting.set(false);
        }
    }

    private void ran() {
        record(nanoTime.getAsLong() - submittedAt);
        waiting.set(false);
    }

    void record(long delay) {
        lastDelay = delay;
        highest = Math.max(highest, delay);
        long now = nanoTime.getAsLong();
        if (delay <= target.toNanos()) {
            aboveSince = 0;
        } else if (aboveSince == 0) {
            // Above the target since the probe task had waited that long.
            aboveSince = now - delay + target.toNanos();
        }
    }

    /** The current delay: the last probe's, or the age of one still waiting if that is longer. */
    public long delayNanos() {
        long pending = waiting.get() ? nanoTime.getAsLong() - submittedAt : 0;
        return Math.max(lastDelay, pending);
    }

    /** True while work has waited longer than the target for at least the interval. */
    public boolean overloaded() {
        long now = nanoTime.getAsLong();
        long since = aboveSince;
        if (since == 0 && waiting.get() && now - submittedAt > target.toNanos()) {
            since = submittedAt + target.toNanos();
        }
        return since != 0 && now - since >= interval.toNanos();
    }

    /** The longest delay measured since the start, for the shutdown report. */
    public long highestNanos() {
        return highest;
    }

    public boolean measuring() {
        return executor != null;
    }
}
