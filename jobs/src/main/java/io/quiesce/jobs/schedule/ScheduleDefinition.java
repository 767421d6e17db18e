package io.quiesce.jobs.schedule;

/** Validated only for its JSON shape; {@code cron} is Quartz's (seconds first), read in the IANA {@code timeZone}. */
public record ScheduleDefinition(
        String type, String cron, String timeZone, String inputJson, MisfirePolicy misfirePolicy) {}
