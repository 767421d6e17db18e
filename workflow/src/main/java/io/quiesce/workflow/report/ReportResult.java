package io.quiesce.workflow.report;

/** Stored as {@code workflow_instance.result}; {@code elapsedMillis} is workflow time up to the last step's end. */
public record ReportResult(int stepsCompleted, long elapsedMillis) {
}
