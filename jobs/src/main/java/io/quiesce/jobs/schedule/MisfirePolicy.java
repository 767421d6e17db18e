package io.quiesce.jobs.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a schedule does with fires that could not happen on time (every server down, or the schedule paused): a fire is
 * "missed" when it is later than {@code quiesce.jobs.misfire-threshold}. Fires within that threshold keep their scheduled
 * time and are never missed, which is what a rolling update produces when one server is always up.
 */
public enum MisfirePolicy {
    /** All missed fires together start one instance as soon as a server can (Quartz's fire-and-proceed). */
    FIRE_ONCE("fire-once"),
    /** Missed fires start nothing; the schedule goes on with its next fire time (Quartz's do-nothing). */
    SKIP("skip"),
    /**
     * Every missed fire starts its own instance, with its own fire time, as soon as a server can: nothing is lost, at the
     * price of a burst after an outage (Quartz's ignore-misfire-policy).
     */
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
