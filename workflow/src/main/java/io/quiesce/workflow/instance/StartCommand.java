package io.quiesce.workflow.instance;

import java.time.Instant;

/** @param inputJson null means {@code {}} */
public record StartCommand(
        String type,
        String inputJson,
        String idempotencyKey,
        String requestFingerprint,
        String scheduleId,
        Instant scheduledFireTime) {

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

    public static StartCommand of(String type, String inputJson) {
        return new StartCommand(type, inputJson, null, null, null, null);
    }
}
