package io.quiesce.jobs.schedule;

/** A created schedule, or the one an earlier request with the same idempotency key created ({@code replayed}). */
public record CreateOutcome(ScheduleRecord schedule, boolean replayed) {}
