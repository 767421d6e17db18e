package io.quiesce.jobs.telemetry;

/**
 * How a job execution ended, for its span and metrics. A job that knows more than "returned" or "threw" says so with
 * {@code context.setResult(outcome)}; an error outcome sets the span's status to ERROR.
 */
public enum JobOutcome {
    COMPLETED(false),
    FAILED(true),
    /** A schedule fire started its instance. */
    STARTED(false),
    /** A schedule fire found its instance already started (a retry or a recovery of the same fire). */
    REPLAYED(false),
    /** A schedule fire whose type or input this version rejects: no instance, and retrying cannot help. */
    REJECTED(true),
    /** A schedule fire whose instance id is taken by a different request. */
    CONFLICT(true),
    /** A schedule fire that could not reach the database or Temporal and scheduled a retry of itself. */
    RETRY_SCHEDULED(false),
    /** A schedule fire that gave up after its last retry. */
    GAVE_UP(true),
    /** A cooperative job that stopped at a checkpoint and scheduled its resumption. */
    CHECKPOINTED(false),
    /** A job that could not reach what it works on and will try again at its next fire. */
    UNAVAILABLE(true),
    /** Still running when the scheduler stopped (set by the telemetry, not by a job). */
    ABANDONED(true);

    private final boolean error;

    JobOutcome(boolean error) {
        this.error = error;
    }

    public boolean error() {
        return error;
    }

    /** The attribute value: the constant's name in lower case. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
