package io.quiesce.workflow.instance;

public enum CancelResult {
    NOT_FOUND,
    ALREADY_FINISHED,
    CANCEL_REQUESTED,
    ALREADY_CANCELLED
}
