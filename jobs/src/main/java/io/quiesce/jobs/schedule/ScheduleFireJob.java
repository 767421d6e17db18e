package io.quiesce.jobs.schedule;

import io.quiesce.jobs.fire.FireContext;
import io.quiesce.jobs.telemetry.JobOutcome;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.workflow.instance.IdempotencyConflictException;
import io.quiesce.workflow.instance.InstanceService;
import io.quiesce.workflow.instance.StartCommand;
import io.quiesce.workflow.instance.StartOutcome;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.UnknownWorkflowTypeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Exactly once: the instance id derives from schedule id + scheduled fire time, so a fire that runs again (recovered
 * elsewhere after a crash, or retried) finds its instance started. With the database or Temporal down, the fire
 * schedules a retry of itself for the same fire time, with growing pauses, on whichever server is up.
 */
public final class ScheduleFireJob implements Job {

    static final String RETRY_GROUP = "schedule-retry";
    static final int MAX_ATTEMPTS = 30;
    static final Duration MAX_RETRY_PAUSE = Duration.ofMinutes(1);

    private final InstanceService instances;
    private final EventLog log;

    public ScheduleFireJob(InstanceService instances, EventLog log) {
        this.instances = instances;
        this.log = log;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String scheduleId = context.getJobDetail().getKey().getName();
        Instant fireTime = FireContext.scheduledFireTime(context);
        int attempt = FireContext.attempt(context);
        long begin = System.nanoTime();
        try {
            StartOutcome outcome = instances.start(new StartCommand(
                    data.getString(ScheduleService.TYPE),
                    data.getString(ScheduleService.INPUT),
                    null,
                    null,
                    scheduleId,
                    fireTime));
            context.setResult(outcome.replayed() ? JobOutcome.REPLAYED : JobOutcome.STARTED);
            log.info(
                    "jobs.schedule_fired",
                    EventLog.fields(
                            "schedule_id",
                            scheduleId,
                            "fire_time",
                            fireTime,
                            "instance_id",
                            outcome.instance().id(),
                            "replayed",
                            outcome.replayed(),
                            "recovering",
                            context.isRecovering(),
                            "attempt",
                            attempt,
                            "duration_ms",
                            (System.nanoTime() - begin) / 1_000_000));
        } catch (UnknownWorkflowTypeException | InvalidInputException e) {
            // A schedule stored by a version that knew this type or input: retrying cannot help.
            context.setResult(JobOutcome.REJECTED);
            log.error(
                    "jobs.schedule_fire_rejected",
                    EventLog.fields("schedule_id", scheduleId, "fire_time", fireTime, "error", e.getMessage()));
        } catch (IdempotencyConflictException e) {
            context.setResult(JobOutcome.CONFLICT);
            log.warn(
                    "jobs.schedule_fire_conflict",
                    EventLog.fields("schedule_id", scheduleId, "fire_time", fireTime, "error", e.getMessage()));
        } catch (RuntimeException e) {
            retryLater(context, scheduleId, fireTime, attempt, e);
        }
    }

    static Duration retryPause(int attempt) {
        long seconds = 1L << Math.min(attempt - 1, 6);
        Duration pause = Duration.ofSeconds(seconds);
        return pause.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause;
    }

    private void retryLater(
            JobExecutionContext context, String scheduleId, Instant fireTime, int attempt, RuntimeException cause)
            throws JobExecutionException {
        if (attempt >= MAX_ATTEMPTS) {
            context.setResult(JobOutcome.GAVE_UP);
            log.error(
                    "jobs.schedule_fire_abandoned",
                    EventLog.fields(
                            "schedule_id",
                            scheduleId,
                            "fire_time",
                            fireTime,
                            "attempts",
                            attempt,
                            "error",
                            cause.getMessage()));
            return;
        }
        Duration pause = retryPause(attempt);
        Trigger retry = TriggerBuilder.newTrigger()
                .withIdentity(scheduleId + "@" + fireTime.toEpochMilli() + "#" + (attempt + 1), RETRY_GROUP)
                .forJob(context.getJobDetail().getKey())
                .usingJobData(FireContext.FIRE_TIME, String.valueOf(fireTime.toEpochMilli()))
                .usingJobData(FireContext.ATTEMPT, String.valueOf(attempt + 1))
                .startAt(Date.from(Instant.now().plus(pause)))
                .build();
        try {
            context.getScheduler().scheduleJob(retry);
            context.setResult(JobOutcome.RETRY_SCHEDULED);
            log.warn(
                    "jobs.schedule_fire_retry",
                    EventLog.fields(
                            "schedule_id",
                            scheduleId,
                            "fire_time",
                            fireTime,
                            "attempt",
                            attempt,
                            "retry_in",
                            pause,
                            "error",
                            cause.getMessage()));
        } catch (SchedulerException e) {
            // Neither the start nor the retry could be recorded: fail the fire so that it shows in Quartz's own log.
            JobExecutionException failure = new JobExecutionException(
                    "Fire of schedule " + scheduleId + " at " + fireTime + " failed and could not be retried", cause);
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
