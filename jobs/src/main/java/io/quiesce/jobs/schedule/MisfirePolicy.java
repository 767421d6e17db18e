package io.quiesce.jobs.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A fire is missed when it is late by more than {@code quiesce.jobs.misfire-threshold} (every server down, or the
 * schedule paused); one late by less keeps its scheduled time, so a rolling update misses none.
 */
public enum MisfirePolicy {
    /** All missed fires together start one instance as soon as a server can. */
    FIRE_ONCE("fire-once"),
    /** Missed fires start nothing; the schedule goes on with its next fire time. */
    SKIP("skip"),
    /** Each missed fire starts its own instance with its own fire time: nothing is lost, at the price of a burst. */
    CATCH_UP("catch-up");

    private final String value;

    MisfirePolicy(String value) {
        this.value = value;
    }

    /** The API's and the job data's spelling. */
    public String value() {
        return value;
    }

    public static Optional<MisfirePolicy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.value.equals(v)).findFirst();
    }
}
