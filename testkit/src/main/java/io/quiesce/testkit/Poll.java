package io.quiesce.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a state by polling it until a deadline; tests never sleep and hope. */
public final class Poll {

    private Poll() {
    }

    /**
     * Polls {@code probe} every {@code interval} until it returns a value or {@code timeout} passes.
     *
     * @return the first value, or empty at the deadline
     */
    public static <T> Optional<T> until(Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            LockSupport.parkNanos(Math.min(left, interval.toNanos()));
        }
    }

    /** Like {@link #until} but fails with {@code what} at the deadline. */
    public static <T> T require(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        return until(timeout, interval, probe)
                .orElseThrow(() -> new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what));
    }
}
