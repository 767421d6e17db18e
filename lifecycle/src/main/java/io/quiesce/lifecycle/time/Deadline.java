package io.quiesce.lifecycle.time;

import java.time.Duration;

/** The one deadline all shutdown phases share, so that the process exits on its own before the kubelet's SIGKILL. */
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

    public Duration grant(Duration own) {
        Duration left = remaining();
        return own.compareTo(left) <= 0 ? own : left;
    }
}
