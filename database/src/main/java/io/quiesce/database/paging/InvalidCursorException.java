package io.quiesce.database.paging;

/** A list cursor that this service did not hand out (or that was altered); the API answers 400. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message) {
        super(message);
    }
}
