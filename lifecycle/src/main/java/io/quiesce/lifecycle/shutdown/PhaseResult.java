package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One line of the shutdown report; {@code start} is the offset from the first shutdown signal. */
public record PhaseResult(
        String name,
        Duration start,
        Duration duration,
        Duration granted,
        PhaseOutcome outcome,
        Map<String, Long> counts,
        String detail) {

    public PhaseResult {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        detail = detail == null ? "" : detail;
    }
}
