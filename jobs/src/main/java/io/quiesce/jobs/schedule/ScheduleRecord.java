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
        ScheduleState shown = switch (state) {
            case PAUSED -> ScheduleState.PAUSED;
            case ERROR -> ScheduleState.ERROR;
            case NONE, COMPLETE -> ScheduleState.ENDED;
            default -> ScheduleState.ACTIVE;
        };
        return new ScheduleRecord(
                id,
                data.getString(ScheduleService.TYPE),
                data.getString(ScheduleService.CRON),
                data.getString(ScheduleService.TIME_ZONE),
                data.getString(ScheduleService.INPUT),
                MisfirePolicy.parse(data.getString(ScheduleService.MISFIRE)).orElse(MisfirePolicy.FIRE_ONCE),
                shown,
                Instant.parse(data.getString(ScheduleService.CREATED_AT)),
                shown == ScheduleState.PAUSED || nextFireTime == null ? null : nextFireTime.toInstant(),
                previousFireTime == null ? null : previousFireTime.toInstant());
    }
}
