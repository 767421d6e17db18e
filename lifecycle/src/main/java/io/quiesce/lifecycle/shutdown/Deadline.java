package io.quiesce.lifecycle.shutdown;

import java.time.Duration;

/**
 * The one deadline every shutdown phase shares: grace period minus margin, measured from the first signal. Each phase gets
 * {@code min(its own budget, time left)}, so the process exits on its own before the kubelet's SIGKILL.
 */
public final class Deadline {

    private final TimeSource time;
    private final long startNanos;
    private final long endNanos;

    private Deadline(TimeSource time, long startNanos, Duration total) {
        this.time = time;
        this.startNanos = startNanos;
        this.endNanos = startNanos + total.toNanos();
    }

    public static Deadline startingNow(TimeSource time, Duration total) {
        return new Deadline(time, time.nanoTime(), total);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - time.nanoTime()));
    }

    public Duration elapsed() {
        return Duration.ofNanos(time.nanoTime() - startNanos);
    }

    /** The share a phase with budget {@code own} may use now: never more than what is left, never negative. */
    public Duration grant(Duration own) {
        Duration left = remaining();
        return own.compareTo(left) <= 0 ? own : left;
    }
}
