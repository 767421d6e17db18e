package io.quiesce.lifecycle.time;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Injectable so that budget arithmetic is tested without real waits. */
public interface TimeSource {

    long nanoTime();

    boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException;

    static TimeSource system() {
        return SystemTime.INSTANCE;
    }

    /** Polling rather than notification keeps every waited-for condition free of wait/notify plumbing; 5 ms is below any budget's resolution. */
    enum SystemTime implements TimeSource {
        INSTANCE;

        private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return condition.getAsBoolean();
                }
                LockSupport.parkNanos(Math.min(left, POLL_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting");
                }
            }
            return true;
        }
    }
}
