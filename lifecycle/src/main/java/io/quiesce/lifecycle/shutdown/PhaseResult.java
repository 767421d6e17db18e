package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the shutdown report; {@code start} is the offset from the first shutdown signal. {@code labels} are the
 * few words a phase adds to its numbers (the delay's {@code ended_by}); like counts, lower-case snake_case names.
 */
public record PhaseResult(
        String name,
        Duration start,
        Duration duration,
        Duration granted,
        PhaseOutcome outcome,
        Map<String, Long> counts,
        String detail,
        Map<String, String> labels) {

    public PhaseResult {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        detail = detail == null ? "" : detail;
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public PhaseResult(
            String name,
            Duration start,
            Duration duration,
            Duration granted,
            PhaseOutcome outcome,
            Map<String, Long> counts,
            String detail) {
        this(name, start, duration, granted, outcome, counts, detail, Map.of());
    }
}
