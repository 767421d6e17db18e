package io.quiesce.jobs.schedule;

/**
 * What a client asks for when it creates a schedule, not yet validated beyond its JSON shape.
 *
 * @param type          workflow type every fire starts, e.g. {@code report}
 * @param cron          Quartz cron expression (seconds first, 6 or 7 fields)
 * @param timeZone      IANA time zone the cron expression is read in, e.g. {@code Europe/Paris}
 * @param inputJson     the workflow input as a JSON object
 * @param misfirePolicy how missed fires are handled
 */
public record ScheduleDefinition(String type, String cron, String timeZone, String inputJson, MisfirePolicy misfirePolicy) {
}
