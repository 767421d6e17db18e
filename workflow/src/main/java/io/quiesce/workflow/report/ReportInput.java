package io.quiesce.workflow.report;

/**
 * Input of the {@code report} workflow, after validation and defaults ({@link ReportType}).
 *
 * @param steps      how many sequential steps, 1 to 20
 * @param stepMillis how long each step works, 0 to 600000 ms
 */
public record ReportInput(int steps, long stepMillis) {
}
