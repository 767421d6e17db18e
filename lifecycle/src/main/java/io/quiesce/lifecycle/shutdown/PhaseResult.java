package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the shutdown report.
 *
 * @param name     phase name: {@code stop-intake}, {@code delay}, {@code http-drain} or a participant's name
 * @param start    offset from the first shutdown signal
 * @param duration how long the phase ran
 * @param granted  the share of the deadline the phase was given
 * @param counts   phase-specific numbers (in-flight requests left, jobs interrupted, ...)
 * @param detail   why it did not complete, or empty
 */
public record PhaseResult(String name, Duration start, Duration duration, Duration granted, PhaseOutcome outcome,
                          Map<String, Long> counts, String detail) {

    public PhaseResult {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        detail = detail == null ? "" : detail;
    }
}
