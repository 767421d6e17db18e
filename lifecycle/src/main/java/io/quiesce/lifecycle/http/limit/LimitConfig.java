package io.quiesce.lifecycle.http.limit;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** The concurrency limit in front of the application ({@code quiesce.http.limit.*}). */
public record LimitConfig(
        boolean enabled,
        int initial,
        int min,
        int max,
        double tolerance,
        Duration window,
        int minSamples,
        Duration retryAfter,
        Duration queueDelay) {

    public static final String ENABLED = "quiesce.http.limit.enabled";
    public static final String INITIAL = "quiesce.http.limit.initial";
    public static final String MIN = "quiesce.http.limit.min";
    public static final String MAX = "quiesce.http.limit.max";
    public static final String TOLERANCE = "quiesce.http.limit.tolerance";
    public static final String RETRY_AFTER = "quiesce.http.limit.retry-after";
    public static final String QUEUE_DELAY = "quiesce.http.limit.queue-delay";

    static final Duration WINDOW = Duration.ofMillis(250);
    static final int MIN_SAMPLES = 5;

    public static LimitConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        String enabled = config.require(ENABLED).trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw ConfigException.invalid(ENABLED, enabled, "true or false");
        }
        int min = config.wholeNumber(MIN, 1, 10_000);
        int max = config.wholeNumber(MAX, min, 10_000);
        int initial = config.wholeNumber(INITIAL, min, max);
        String rawTolerance = config.require(TOLERANCE).trim();
        double tolerance;
        try {
            tolerance = Double.parseDouble(rawTolerance);
        } catch (NumberFormatException e) {
            tolerance = Double.NaN;
        }
        if (!(tolerance >= 1.0 && tolerance <= 10.0)) {
            throw ConfigException.invalid(TOLERANCE, rawTolerance, "a number from 1 to 10");
        }
        Duration retryAfter = config.duration(RETRY_AFTER, Duration.ofSeconds(1), Duration.ofMinutes(10));
        Duration queueDelay = config.duration(QUEUE_DELAY, Duration.ZERO, Duration.ofSeconds(1));
        return new LimitConfig(
                Boolean.parseBoolean(enabled),
                initial,
                min,
                max,
                tolerance,
                WINDOW,
                MIN_SAMPLES,
                retryAfter,
                queueDelay);
    }

    /** Whether requests are shed by the executor's queue delay (QueueGate): on with the limit, unless set to 0. */
    public boolean shedsByQueueDelay() {
        return enabled && !queueDelay.isZero();
    }
}
