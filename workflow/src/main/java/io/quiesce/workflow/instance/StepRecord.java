package io.quiesce.workflow.instance;

import java.time.Instant;

/**
 * One completed step of an instance ({@code step_execution}); a step appears at most once however often it was retried.
 *
 * @param attempt the Temporal attempt that completed it (1 unless a worker died or the step failed before)
 * @param worker  identity of the worker that completed it
 */
public record StepRecord(int step, String name, int attempt, String worker, Instant startedAt, Instant completedAt) {
}
