package io.quiesce.workflow.report;

/**
 * Stored as {@code workflow_instance.result}; {@code elapsedMillis} is workflow time up to the last step's end.
 *
 * @param summary null for instances that had passed their last step on a version without the summary
 */
public record ReportResult(int stepsCompleted, long elapsedMillis, ReportSummary summary) {}
