package io.quiesce.workflow.report;

/**
 * The small result of a completed {@code report} instance, stored as {@code workflow_instance.result}.
 *
 * @param stepsCompleted how many steps ran
 * @param elapsedMillis  workflow time from start to the last step's completion
 */
public record ReportResult(int stepsCompleted, long elapsedMillis) {
}
