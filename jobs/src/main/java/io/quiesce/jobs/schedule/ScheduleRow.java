package io.quiesce.jobs.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.quartz.JobDataMap;

/**
 * A schedule's definition as stored, in {@code job_schedule} and in its Quartz job's data (which servers fire from).
 * {@code createdAt} to the microsecond, as PostgreSQL keeps it, so that a page and a single read agree.
 */
public record ScheduleRow(
        String id,
        String type,
        String cron,
        String timeZone,
        String inputJson,
        String misfirePolicy,
        String fingerprint,
        Instant createdAt) {

    static ScheduleRow of(String id, JobDataMap data) {
        return new ScheduleRow(
                id,
                data.getString(ScheduleService.TYPE),
                data.getString(ScheduleService.CRON),
                data.getString(ScheduleService.TIME_ZONE),
                data.getString(ScheduleService.INPUT),
                data.getString(ScheduleService.MISFIRE),
                data.getString(ScheduleService.FINGERPRINT),
                Instant.parse(data.getString(ScheduleService.CREATED_AT)).truncatedTo(ChronoUnit.MICROS));
    }
}
