package io.quiesce.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
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

    /**
     * Polls {@code snapshot} until {@code condition} holds for it and returns that snapshot; on timeout the error says
     * what the last snapshot was ({@code describe}, its first {@value #DESCRIBED_LINES} lines), e.g. what did arrive.
     */
    public static <T> T until(
            String what,
            Duration timeout,
            Supplier<T> snapshot,
            Predicate<? super T> condition,
            Function<? super T, String> describe) {
        AtomicReference<T> last = new AtomicReference<>();
        return until(timeout, DEFAULT_INTERVAL, () -> {
                    T now = snapshot.get();
                    last.set(now);
                    return condition.test(now) ? Optional.of(now) : Optional.empty();
                })
                .orElseThrow(() -> new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + "; last seen: " + excerpt(describe.apply(last.get()))));
    }

    private static final int DESCRIBED_LINES = 80;

    private static String excerpt(String lines) {
        List<String> all = lines.lines().toList();
        return all.size() <= DESCRIBED_LINES
                ? lines
                : String.join("\n", all.subList(0, DESCRIBED_LINES)) + "\n... " + (all.size() - DESCRIBED_LINES)
                        + " more lines";
    }

    public static <T> T require(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        return until(timeout, interval, probe)
                .orElseThrow(
                        () -> new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what));
    }
}
