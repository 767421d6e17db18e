package io.quiesce.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a state by polling it until a deadline; tests never sleep and hope. */
public final class Poll {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

    private Poll() {}

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

    public static void untilTrue(String what, Duration timeout, BooleanSupplier condition) {
        require(
                what,
                timeout,
                DEFAULT_INTERVAL,
                () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    public static <T> T untilPresent(String what, Duration timeout, Supplier<T> value) {
        return require(what, timeout, DEFAULT_INTERVAL, () -> Optional.ofNullable(value.get()));
    }

    public static <T> T require(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        return until(timeout, interval, probe)
                .orElseThrow(
                        () -> new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what));
    }
}
