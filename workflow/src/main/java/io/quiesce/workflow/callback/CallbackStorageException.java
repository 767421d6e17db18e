package io.quiesce.workflow.callback;

/** The database failed while reading or writing a callback. */
public final class CallbackStorageException extends RuntimeException {

    public CallbackStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
