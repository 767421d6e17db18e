package io.quiesce.workflow.instance;

/** Also once the worker's client has closed; nothing was left half written, so a retry with the same key is safe. */
public class WorkflowUnavailableException extends RuntimeException {

    public WorkflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
