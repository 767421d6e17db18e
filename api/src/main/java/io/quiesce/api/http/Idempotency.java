package io.quiesce.api.http;

import io.quiesce.workflow.instance.StartCommand;

/**
 * The {@code Idempotency-Key} contract shared by every creating endpoint: a client retry with the same key and request
 * returns what the first request created, marked as a replay; the same key with another request is refused. Whether the
 * request is the same is decided by its {@link io.quiesce.workflow.instance.RequestFingerprint}.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_PATTERN = "[\\x21-\\x7E]{1," + StartCommand.MAX_IDEMPOTENCY_KEY + "}";
    public static final String KEY_MESSAGE = "must be 1 to " + StartCommand.MAX_IDEMPOTENCY_KEY + " visible ASCII characters";

    private Idempotency() {
    }
}
