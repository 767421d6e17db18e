package io.quiesce.workflow.events;

import java.time.Instant;
import java.util.Locale;

/**
 * One fact of an instance's life, with its place in the instance's order ({@code seq}, from 1, without gaps).
 *
 * @param step    the step's number for step events, else null
 * @param attempt the Temporal attempt that started or completed the step, else null
 * @param worker  the worker identity that ran the attempt, else null
 * @param status  the final status for {@link Kind#FINISHED}, else null
 * @param error   why a {@code FAILED} instance failed, else null
 */
public record InstanceEvent(
        String instanceId,
        int seq,
        Kind kind,
        Instant at,
        Integer step,
        Integer attempt,
        String worker,
        String status,
        String error) {

    public enum Kind {
        CREATED,
        STEP_STARTED,
        STEP_COMPLETED,
        /** The instance's last event: completed, failed or cancelled. */
        FINISHED;

        /** As clients see it: {@code created}, {@code step-started}, {@code step-completed}, {@code finished}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean isFinal() {
        return kind == Kind.FINISHED;
    }
}
