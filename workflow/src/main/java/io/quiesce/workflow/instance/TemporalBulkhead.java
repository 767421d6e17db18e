package io.quiesce.workflow.instance;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code calls} requests wait on Temporal at once; the others wait up to {@code wait} for a turn and are then
 * refused, so that a hung Temporal holds a bounded number of request threads and the probes and other endpoints keep theirs.
 */
final class TemporalBulkhead {

    private final Semaphore permits;
    private final int calls;
    private final Duration wait;

    TemporalBulkhead(int calls, Duration wait) {
        this.permits = new Semaphore(calls);
        this.calls = calls;
        this.wait = wait;
    }

    /** @throws WorkflowUnavailableException no turn within the wait; nothing was sent */
    <T> T call(String what, Supplier<T> call) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowUnavailableException("Interrupted while waiting to " + what, e);
        }
        if (!acquired) {
            throw new WorkflowUnavailableException("Temporal is not keeping up: " + calls + " calls already wait on it; did not "
                    + what + " after waiting " + wait.toMillis() + " ms for a turn", null);
        }
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }
}
