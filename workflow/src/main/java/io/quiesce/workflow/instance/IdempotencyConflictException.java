package io.quiesce.workflow.instance;

/** An idempotency key (or schedule fire) was reused with a different request; the API answers 422. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String instanceId, String what) {
        this("instance", instanceId, what);
    }

    public IdempotencyConflictException(String kind, String id, String what) {
        super(what + " was already used with a different request (" + kind + " " + id + ")");
    }
}
