package io.quiesce.workflow.instance;

/** An idempotency key (or schedule fire) was reused with a different request; the API answers 422. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String instanceId, String what) {
        this("instance", instanceId, what);
    }

    /**
     * @param kind what the earlier request created, e.g. {@code schedule}
     * @param id   its id
     */
    public IdempotencyConflictException(String kind, String id, String what) {
        super(what + " was already used with a different request (" + kind + " " + id + ")");
    }
}
