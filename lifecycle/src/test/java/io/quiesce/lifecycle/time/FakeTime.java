package io.quiesce.lifecycle.time;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A clock that moves only when told to. A wait whose condition does not already hold jumps to its timeout, which is what
 * the real clock would reach if nothing changed meanwhile; tests change state only from inside the code under test.
 */
public final class FakeTime implements TimeSource {

    private long now = 1_000_000_000L;

    public void advance(Duration d) {
        now += d.toNanos();
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean await(BooleanSupplier condition, Duration timeout) {
        if (condition.getAsBoolean()) {
            return true;
        }
        advance(timeout);
        return condition.getAsBoolean();
    }
}
