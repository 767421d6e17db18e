package io.quiesce.lifecycle.shutdown;

public enum PhaseOutcome {
    COMPLETED,
    /** Not applicable to this trigger (the HTTP port was already closed); not a failure. */
    NOT_NEEDED,
    /** Ran out of its grant; a participant in this state was abandoned. */
    TIMED_OUT,
    FAILED,
    /** Never ran because the shared deadline had already passed. */
    SKIPPED;

    /** Whether this outcome allows a zero exit code. */
    public boolean isClean() {
        return this == COMPLETED || this == NOT_NEEDED;
    }
}
