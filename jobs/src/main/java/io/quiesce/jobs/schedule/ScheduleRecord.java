package io.quiesce.jobs.schedule;

import java.time.Instant;

/**
 * A schedule as stored in the clustered job store.
 *
 * @param nextFireTime     null when paused or when the expression has no future fire
 * @param previousFireTime null before the first fire
 */
public record ScheduleRecord(String id, String type, String cron, String timeZone, String inputJson,
                             MisfirePolicy misfirePolicy, ScheduleState state, Instant createdAt, Instant nextFireTime,
                             Instant previousFireTime) {
}
