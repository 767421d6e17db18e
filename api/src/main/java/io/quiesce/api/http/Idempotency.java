package io.quiesce.api.http;

/**
 * The {@code Idempotency-Key} contract shared by every creating endpoint: a client retry with the same key and request
 * returns what the first request created, marked as a replay.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";
    public static final String KEY_MESSAGE = "must be 1 to 200 visible ASCII characters";

    private Idempotency() {
    }
}
