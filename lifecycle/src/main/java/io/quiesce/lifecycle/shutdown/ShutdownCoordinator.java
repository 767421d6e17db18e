package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The first trigger runs the shutdown; an application stop arriving meanwhile waits for it (bounded), so that
 * participants are stopped before the application's classes go away.
 */
public final class ShutdownCoordinator {

    private final Function<ShutdownTrigger, ShutdownReport> sequence;
    private final Consumer<ShutdownReport> handover;
    private final AtomicReference<ShutdownTrigger> first = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ShutdownReport report;

    public ShutdownCoordinator(Function<ShutdownTrigger, ShutdownReport> sequence, Consumer<ShutdownReport> handover) {
        this.sequence = sequence;
        this.handover = handover;
    }

    /** Runs the shutdown on the calling thread; false when an earlier trigger had already won. */
    public boolean trigger(ShutdownTrigger trigger) {
        if (!first.compareAndSet(null, trigger)) {
            return false;
        }
        try {
            report = sequence.apply(trigger);
        } finally {
            finished.countDown();
        }
        if (trigger.portOpen()) {
            handover.accept(report);
        }
        return true;
    }

    public Optional<ShutdownReport> awaitReport(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? Optional.ofNullable(report) : Optional.empty();
    }
}
