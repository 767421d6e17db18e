package io.quiesce.lifecycle.shutdown;

import java.util.concurrent.atomic.AtomicReference;

/** Transitions only move forward, so a late or repeated signal can never bring a draining application back to READY. */
public final class LifecycleStatus {

    public record Snapshot(LifecycleState state, String reason) {}

    private final AtomicReference<Snapshot> current =
            new AtomicReference<>(new Snapshot(LifecycleState.STARTING, "starting"));

    public Snapshot snapshot() {
        return current.get();
    }

    public LifecycleState state() {
        return current.get().state();
    }

    /** @return true when this call made the transition */
    public boolean advance(LifecycleState next, String reason) {
        while (true) {
            Snapshot now = current.get();
            if (now.state().compareTo(next) >= 0) {
                return false;
            }
            if (current.compareAndSet(now, new Snapshot(next, reason))) {
                return true;
            }
        }
    }
}
