package io.quiesce.workflow.instance;

import java.time.Instant;

/** At most one per step however often it was retried; {@code attempt} is the Temporal attempt that completed it. */
public record StepRecord(int step, String name, int attempt, String worker, Instant startedAt, Instant completedAt) {
}
