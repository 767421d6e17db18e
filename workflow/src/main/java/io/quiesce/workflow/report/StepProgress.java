package io.quiesce.workflow.report;

/**
 * Heartbeat details of a running step: a retried attempt (another worker after a crash or a drain that ran out) reads the
 * last one and resumes from there instead of from zero.
 *
 * @param doneMillis            work done so far in this step
 * @param startedAtEpochMillis  when the step's first attempt began, kept across attempts for {@code step_execution.started_at}
 */
public record StepProgress(long doneMillis, long startedAtEpochMillis) {
}
