package io.quiesce.jobs.schedule;

import java.time.Instant;
import java.util.Date;
import org.quartz.JobDataMap;
import org.quartz.Trigger;

/** {@code nextFireTime} is null when paused or when the expression has no future fire. */
public record ScheduleRecord(
        String id,
        String type,
        String cron,
        String timeZone,
        String inputJson,
        MisfirePolicy misfirePolicy,
        ScheduleState state,
        Instant createdAt,
        Instant nextFireTime,
        Instant previousFireTime) {

    static ScheduleRecord of(
            String id, JobDataMap data, Trigger.TriggerState state, Date nextFireTime, Date previousFireTime) {
        return of(ScheduleRow.of(id, data), state, nextFireTime, previousFireTime);
    }

    static ScheduleRecord of(ScheduleRow row, Trigger.TriggerState state, Date nextFireTime, Date previousFireTime) {
        ScheduleState shown = switch (state) {
            case PAUSED -> ScheduleState.PAUSED;
            case ERROR -> ScheduleState.ERROR;
            case NONE, COMPLETE -> ScheduleState.ENDED;
            default -> ScheduleState.ACTIVE;
        };
        return new ScheduleRecord(
                row.id(),
                row.type(),
                row.cron(),
                row.timeZone(),
                row.inputJson(),
                MisfirePolicy.parse(row.misfirePolicy()).orElse(MisfirePolicy.FIRE_ONCE),
                shown,
                row.createdAt(),
                shown == ScheduleState.PAUSED || nextFireTime == null ? null : nextFireTime.toInstant(),
                previousFireTime == null ? null : previousFireTime.toInstant());
    }
}
