package io.quiesce.workflow.report;

/** A retried attempt resumes from the last heartbeat; {@code startedAtEpochMillis} is kept across attempts. */
public record StepProgress(long doneMillis, long startedAtEpochMillis) {}
