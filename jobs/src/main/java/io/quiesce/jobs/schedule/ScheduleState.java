package io.quiesce.jobs.schedule;

public enum ScheduleState {
    ACTIVE,
    PAUSED,
    /** Its cron expression has no further fire (a year field in the past); kept until deleted. */
    ENDED,
    /** Quartz could not fire it (e.g. its job class is unknown to this version); see the server log. */
    ERROR
}
