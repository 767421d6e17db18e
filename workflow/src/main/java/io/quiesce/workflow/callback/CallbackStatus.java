package io.quiesce.workflow.callback;

import java.time.Instant;

/**
 * @param lastError   why the last attempt failed, in words that name no credential or internal detail; null once
 *                    delivered
 * @param nextAttempt when the next attempt is due (PENDING only)
 */
public record CallbackStatus(
        State state, int attempts, String lastError, String deliveryId, Instant nextAttempt, Instant deliveredAt) {

    public enum State {
        /** The instance is still running. */
        WAITING,
        /** The instance has ended; the delivery is due or being retried. */
        PENDING,
        DELIVERED,
        /** Every attempt failed; no more are made. */
        FAILED
    }
}
