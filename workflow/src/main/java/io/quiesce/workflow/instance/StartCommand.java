package io.quiesce.workflow.instance;

import java.time.Instant;

/**
 * A request to start an instance.
 *
 * @param type               workflow type name, e.g. {@code report}
 * @param inputJson          the input object as JSON; null means {@code {}}
 * @param idempotencyKey     the client's {@code Idempotency-Key} (at most 200 characters), or null
 * @param requestFingerprint SHA-256 hex of the canonical request, compared when a key is replayed; or null
 * @param scheduleId         the schedule whose fire started this instance, or null
 * @param scheduledFireTime  that fire's scheduled time, or null
 */
public record StartCommand(String type, String inputJson, String idempotencyKey, String requestFingerprint,
                           String scheduleId, Instant scheduledFireTime) {

    public static final int MAX_IDEMPOTENCY_KEY = 200;

    public StartCommand {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw new IllegalArgumentException("idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        if (requestFingerprint != null && requestFingerprint.length() > 64) {
            throw new IllegalArgumentException("requestFingerprint must be at most 64 characters (SHA-256 hex)");
        }
        if (scheduleId != null && scheduleId.length() > 64) {
            throw new IllegalArgumentException("scheduleId must be at most 64 characters");
        }
    }

    /** An API request without idempotency key or schedule. */
    public static StartCommand of(String type, String inputJson) {
        return new StartCommand(type, inputJson, null, null, null, null);
    }
}
