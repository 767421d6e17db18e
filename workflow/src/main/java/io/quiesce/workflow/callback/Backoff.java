package io.quiesce.workflow.callback;

import java.time.Duration;

/** Doubling pauses between attempts, capped, each spread by up to ±20 % so that retries of many deliveries disperse. */
record Backoff(Duration initial, Duration max) {

    /**
     * @param attempts attempts made so far (1 after the first)
     * @param jitter   uniformly random in [0, 1)
     */
    Duration after(int attempts, double jitter) {
        long base = initial.toMillis();
        for (int i = 1; i < attempts && base < max.toMillis(); i++) {
            base *= 2;
        }
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter)));
    }
}
