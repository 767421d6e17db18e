package io.quiesce.workflow.report;

public record ReportInput(int steps, long stepMillis) {}
