package io.quiesce.jobs.fire;

import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * What one fire knows about itself, read the same way by the jobs and by their telemetry (below both, so that neither
 * depends on the other's package).
 */
public final class FireContext {

    /** The Quartz job group of the cron schedules; a schedule's job name is its id. */
    public static final String SCHEDULE_GROUP = "schedule";
    /** A retry trigger's data: the schedule's own fire time it retries, and the attempt it is. */
    public static final String FIRE_TIME = "quiesce.fire-time";

    public static final String ATTEMPT = "quiesce.attempt";

    private FireContext() {}

    public static boolean isScheduleFire(JobExecutionContext context) {
        return SCHEDULE_GROUP.equals(context.getJobDetail().getKey().getGroup());
    }

    /** The fire's own scheduled time; for a fire recovered after a crash, the time of the fire that was interrupted. */
    public static Instant scheduledFireTime(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        if (data.containsKey(FIRE_TIME)) {
            return Instant.ofEpochMilli(Long.parseLong(data.getString(FIRE_TIME)));
        }
        if (context.isRecovering()
                && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)) {
            return Instant.ofEpochMilli(Long.parseLong(
                    data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)));
        }
        return context.getScheduledFireTime().toInstant();
    }

    /** 1 for the schedule's own fire, then one more for each retry of it. */
    public static int attempt(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        return data.containsKey(ATTEMPT) ? Integer.parseInt(data.getString(ATTEMPT)) : 1;
    }

    /** The server a fire ran on, for the job's log lines and spans. */
    public static String node(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }
}
