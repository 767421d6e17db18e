package io.quiesce.workflow.instance;

import java.time.Instant;

/**
 * At most one per step however often it was retried; {@code attempt} is the Temporal attempt that completed it.
 *
 * @param codeVersion the code version of the worker that ran the step; null for steps from before it was kept
 */
public record StepRecord(
        int step,
        String name,
        int attempt,
        String worker,
        String codeVersion,
        Instant startedAt,
        Instant completedAt) {}
