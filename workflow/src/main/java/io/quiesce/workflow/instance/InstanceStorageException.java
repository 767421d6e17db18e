package io.quiesce.workflow.instance;

/** The database failed (unreachable, or a statement failed); unchecked so that activities retry and the API answers 503. */
public class InstanceStorageException extends RuntimeException {

    public InstanceStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
