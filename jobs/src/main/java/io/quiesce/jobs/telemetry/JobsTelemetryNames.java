package io.quiesce.jobs.telemetry;

/** Every span, metric and attribute name the jobs module emits, in one place so that tests and dashboards can rely on them. */
public final class JobsTelemetryNames {

    public static final String SCOPE = "io.quiesce.jobs";

    /** One span per job execution: {@code job <kind>}, a root span (a fire is its own trace). */
    public static final String SPAN_PREFIX = "job ";
    /** The kind of every fire of a cron schedule; a maintenance job's kind is its job name. */
    public static final String SCHEDULE_FIRE = "schedule-fire";
    /** Span event when the shutdown asks a cooperative job to stop at its next checkpoint. */
    public static final String EVENT_INTERRUPT = "quiesce.job.interrupt";
    /** Span event when the scheduler stopped with the job still running; the span ends there. */
    public static final String EVENT_ABANDONED = "quiesce.job.abandoned";

    public static final String JOB_KIND = "quiesce.job.kind";
    public static final String JOB_NAME = "quiesce.job.name";
    public static final String JOB_GROUP = "quiesce.job.group";
    public static final String FIRE_INSTANCE_ID = "quiesce.job.fire_instance_id";
    /** ISO-8601 instants: when the trigger was due, and when it fired. */
    public static final String SCHEDULED_FIRE_TIME = "quiesce.job.scheduled_fire_time";

    public static final String FIRE_TIME = "quiesce.job.fire_time";
    public static final String RECOVERING = "quiesce.job.recovering";
    public static final String NODE = "quiesce.job.node";
    public static final String OUTCOME = "quiesce.job.outcome";
    public static final String SCHEDULE_ID = "quiesce.schedule.id";
    /** The schedule's own fire time (ISO-8601), the same for its retries and its recovery after a crash. */
    public static final String SCHEDULE_FIRE_TIME = "quiesce.schedule.fire_time";

    public static final String SCHEDULE_ATTEMPT = "quiesce.schedule.attempt";

    public static final String JOBS_RUNNING = "quiesce.jobs.running";
    public static final String JOBS_RECOVERED = "quiesce.jobs.recovered";
    public static final String JOBS_INTERRUPTED = "quiesce.jobs.interrupted";
    public static final String JOBS_ABANDONED = "quiesce.jobs.abandoned";
    public static final String SCHEDULE_FIRES = "quiesce.jobs.schedule.fires";
    public static final String SCHEDULE_LATENESS = "quiesce.jobs.schedule.lateness";
    public static final String UNIT_JOB = "{job}";
    public static final String UNIT_FIRE = "{fire}";

    private JobsTelemetryNames() {}
}
