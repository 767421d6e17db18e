package io.quiesce.api.http;

import io.quiesce.workflow.instance.StartCommand;

/** A retry with the same key and request gets what the first created, marked replayed; another request is refused. */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_PATTERN = "[\\x21-\\x7E]{1," + StartCommand.MAX_IDEMPOTENCY_KEY + "}";
    public static final String KEY_MESSAGE = "must be 1 to " + StartCommand.MAX_IDEMPOTENCY_KEY + " visible ASCII characters";

    private Idempotency() {
    }
}
