package io.quiesce.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Lets a measured stretch of time pass (a load phase, a sampling period); not a wait for a state. */
public final class Hold {

    private Hold() {}

    public static void forDuration(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
