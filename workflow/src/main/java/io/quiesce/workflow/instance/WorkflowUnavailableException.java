package io.quiesce.workflow.instance;

/**
 * Temporal did not answer (unreachable, timed out, or the worker's client is already closed); nothing was left half
 * written. The API answers 503 so that the client retries, with the same idempotency key.
 */
public class WorkflowUnavailableException extends RuntimeException {

    public WorkflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
