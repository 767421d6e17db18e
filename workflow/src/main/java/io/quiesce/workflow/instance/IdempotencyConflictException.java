package io.quiesce.workflow.instance;

/** An idempotency key (or schedule fire) was reused with a different request; the API answers 422. */
public class IdempotencyConflictException extends RuntimeException {

    private final String instanceId;

    public IdempotencyConflictException(String instanceId, String what) {
        super(what + " was already used with a different request (instance " + instanceId + ")");
        this.instanceId = instanceId;
    }

    /** The instance the earlier request created. */
    public String instanceId() {
        return instanceId;
    }
}
