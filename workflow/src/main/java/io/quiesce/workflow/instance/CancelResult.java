package io.quiesce.workflow.instance;

/** What {@link InstanceService#cancel} did. */
public enum CancelResult {
    /** No such instance. */
    NOT_FOUND,
    /** The instance had already COMPLETED or FAILED: nothing to cancel. */
    ALREADY_FINISHED,
    /** Cancellation was requested from Temporal (again, when repeated while the instance still runs). */
    CANCEL_REQUESTED,
    /** The instance is already CANCELLED. */
    ALREADY_CANCELLED
}
