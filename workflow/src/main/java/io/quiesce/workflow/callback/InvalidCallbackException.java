package io.quiesce.workflow.callback;

/** A callback this server will not deliver; nothing has been written. */
public final class InvalidCallbackException extends RuntimeException {

    private final String field;

    public InvalidCallbackException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** {@code callback} or {@code callback.url}, as the request names it. */
    public String field() {
        return field;
    }
}
