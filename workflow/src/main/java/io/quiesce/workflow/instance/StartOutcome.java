package io.quiesce.workflow.instance;

/** {@code replayed}: an earlier request with the same idempotency key (or schedule fire) had created the instance. */
public record StartOutcome(InstanceRecord instance, boolean replayed) {}
