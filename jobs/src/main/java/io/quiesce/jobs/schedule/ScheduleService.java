package io.quiesce.jobs.schedule;

import io.quiesce.database.idempotency.RequestFingerprint;
import io.quiesce.database.paging.PageCursor;
import io.quiesce.database.validation.FieldError;
import io.quiesce.jobs.fire.FireContext;
import io.quiesce.workflow.instance.IdempotencyConflictException;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * A schedule is a durable Quartz job with one cron trigger in the clustered job store (which fires it, and holds whether
 * it exists and its state), plus its row in {@link ScheduleStore}, which the list pages on. Quartz is written first and
 * the row follows; each Quartz change is one Quartz transaction. A failure between the two leaves a job without a row or
 * a row without a job, neither of which a client sees: pages list only schedules Quartz has, and each list first
 * reconciles the rows with Quartz's jobs.
 */
@ApplicationScoped
public class ScheduleService {

    public static final String GROUP = FireContext.SCHEDULE_GROUP;
    static final String TYPE = "type";
    static final String INPUT = "input";
    static final String CREATED_AT = "created-at";
    static final String MISFIRE = "misfire-policy";
    static final String FINGERPRINT = "fingerprint";
    static final String CRON = "cron";
    static final String TIME_ZONE = "time-zone";

    private final SchedulerSource source;
    private final WorkflowTypes types;
    private final ScheduleStore store;

    @FunctionalInterface
    public interface SchedulerSource {
        Optional<Scheduler> get();
    }

    @Inject
    public ScheduleService(SchedulerSource source, WorkflowTypes types, ScheduleStore store) {
        this.source = source;
        this.types = types;
        this.store = store;
    }

    /** For the CDI proxy. */
    protected ScheduleService() {
        source = null;
        types = null;
        store = null;
    }

    /**
     * @throws io.quiesce.workflow.types.UnknownWorkflowTypeException 422: unknown type
     * @throws io.quiesce.workflow.types.InvalidInputException        422: invalid input for the type
     * @throws InvalidScheduleException      422: cron expression or time zone
     * @throws IdempotencyConflictException  422: the key was used with a different request
     * @throws SchedulerUnavailableException 503: the scheduler is not running or its store failed
     */
    public CreateOutcome create(ScheduleDefinition definition, String idempotencyKey) {
        List<FieldError> errors = new ArrayList<>();
        CronRules.ValidCron cron = null;
        try {
            cron = CronRules.check(definition.cron(), definition.timeZone(), Instant.now());
        } catch (InvalidScheduleException e) {
            errors.addAll(e.errors());
        }
        ValidatedInput input = types.validate(definition.type(), definition.inputJson());
        if (!errors.isEmpty()) {
            throw new InvalidScheduleException(errors);
        }
        String fingerprint = fingerprint(definition, input);
        String id = idempotencyKey == null
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("schedule-idempotency:" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                        .toString();
        Scheduler scheduler = scheduler();
        JobDetail job = JobBuilder.newJob(ScheduleFireJob.class)
                .withIdentity(id, GROUP)
                .storeDurably()
                // A server that dies mid-fire leaves the fire to be re-run elsewhere; the instance id makes that
                // harmless.
                .requestRecovery()
                .usingJobData(TYPE, definition.type())
                .usingJobData(INPUT, input.normalizedJson())
                .usingJobData(
                        CREATED_AT, Instant.now().truncatedTo(ChronoUnit.MICROS).toString())
                .usingJobData(MISFIRE, definition.misfirePolicy().value())
                .usingJobData(FINGERPRINT, fingerprint)
                // Also kept here: Quartz deletes a trigger after its last fire, and the schedule still shows what it
                // was.
                .usingJobData(CRON, cron.expression())
                .usingJobData(TIME_ZONE, cron.zone().getId())
                .build();
        CronScheduleBuilder when =
                CronScheduleBuilder.cronSchedule(cron.expression()).inTimeZone(cron.timeZone());
        when = switch (definition.misfirePolicy()) {
            case FIRE_ONCE -> when.withMisfireHandlingInstructionFireAndProceed();
            case SKIP -> when.withMisfireHandlingInstructionDoNothing();
            case CATCH_UP -> when.withMisfireHandlingInstructionIgnoreMisfires();
        };
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(id, GROUP)
                .forJob(job)
                .withSchedule(when)
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
            listed(scheduler, ScheduleRow.of(id, job.getJobDataMap()));
            return new CreateOutcome(require(scheduler, id), false);
        } catch (ObjectAlreadyExistsException e) {
            ScheduleRecord existing =
                    find(id).orElseThrow(() -> unavailable("Schedule " + id + " vanished while it was replayed", e));
            JobDataMap stored = jobData(scheduler, id);
            if (!fingerprint.equals(stored.getString(FINGERPRINT))) {
                throw new IdempotencyConflictException("schedule", id, "Idempotency key '" + idempotencyKey + "'");
            }
            // The first request may have died before its row: this replay writes it.
            listed(scheduler, ScheduleRow.of(id, stored));
            return new CreateOutcome(existing, true);
        } catch (SchedulerException e) {
            throw unavailable("The job store did not accept the schedule: " + e.getMessage(), e);
        }
    }

    public Optional<ScheduleRecord> find(String id) {
        Scheduler scheduler = scheduler();
        try {
            JobDetail job = scheduler.getJobDetail(JobKey.jobKey(id, GROUP));
            if (job == null) {
                return Optional.empty();
            }
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(id, GROUP));
            CronTrigger cron = trigger instanceof CronTrigger c ? c : null;
            return Optional.of(ScheduleRecord.of(
                    id,
                    job.getJobDataMap(),
                    trigger == null ? Trigger.TriggerState.NONE : scheduler.getTriggerState(trigger.getKey()),
                    cron == null ? null : cron.getNextFireTime(),
                    cron == null ? null : cron.getPreviousFireTime()));
        } catch (SchedulerException e) {
            throw unavailable("The job store could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * @throws io.quiesce.database.paging.InvalidCursorException 400: the cursor is not one a page handed out
     * @throws SchedulerUnavailableException 503: the scheduler is not running or its store failed
     */
    public SchedulePage list(int limit, String cursor) {
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor);
        Scheduler scheduler = scheduler();
        List<ScheduleRecord> rows;
        try {
            store.reconcile(scheduler);
            rows = store.page(scheduler.getSchedulerName(), after, limit + 1);
        } catch (SQLException | SchedulerException e) {
            throw unavailable("The job store could not be read: " + e.getMessage(), e);
        }
        return new SchedulePage(
                PageCursor.page(rows, limit),
                PageCursor.next(rows, limit, last -> new PageCursor(last.createdAt(), last.id())));
    }

    /** Retries of earlier fires pause too. Idempotent. */
    public Optional<ScheduleRecord> pause(String id) {
        return change(id, scheduler -> scheduler.pauseJob(JobKey.jobKey(id, GROUP)));
    }

    /** Fires missed while paused follow the schedule's misfire policy. Idempotent. */
    public Optional<ScheduleRecord> resume(String id) {
        return change(id, scheduler -> scheduler.resumeJob(JobKey.jobKey(id, GROUP)));
    }

    /** Pending retries go too; the instances it started stay. Its row follows, or is removed by the next list. */
    public boolean delete(String id) {
        Scheduler scheduler = scheduler();
        boolean deleted;
        try {
            deleted = scheduler.deleteJob(JobKey.jobKey(id, GROUP));
        } catch (SchedulerException e) {
            throw unavailable("The job store did not delete the schedule: " + e.getMessage(), e);
        }
        try {
            store.delete(scheduler.getSchedulerName(), id);
        } catch (SQLException | SchedulerException e) {
            // Quartz no longer has it, so no page shows the row; the next list removes it.
        }
        return deleted;
    }

    /**
     * The row of a schedule Quartz has just accepted. The schedule exists once Quartz has it: a row that could not be
     * written now is written by the next list, which finds the job without one.
     */
    private void listed(Scheduler scheduler, ScheduleRow row) {
        try {
            store.insert(scheduler.getSchedulerName(), row);
        } catch (SQLException | SchedulerException e) {
            // Repaired by ScheduleStore.reconcile at the next list.
        }
    }

    private interface Change {
        void apply(Scheduler scheduler) throws SchedulerException;
    }

    private Optional<ScheduleRecord> change(String id, Change change) {
        Scheduler scheduler = scheduler();
        try {
            if (!scheduler.checkExists(JobKey.jobKey(id, GROUP))) {
                return Optional.empty();
            }
            change.apply(scheduler);
        } catch (SchedulerException e) {
            throw unavailable("The job store did not accept the change: " + e.getMessage(), e);
        }
        return find(id);
    }

    private JobDataMap jobData(Scheduler scheduler, String id) {
        try {
            JobDetail job = scheduler.getJobDetail(JobKey.jobKey(id, GROUP));
            return job == null ? new JobDataMap() : job.getJobDataMap();
        } catch (SchedulerException e) {
            throw unavailable("The job store could not be read: " + e.getMessage(), e);
        }
    }

    private ScheduleRecord require(Scheduler scheduler, String id) {
        return find(id).orElseThrow(() -> unavailable("Schedule " + id + " vanished after it was created", null));
    }

    private Scheduler scheduler() {
        return source.get()
                .orElseThrow(
                        () -> unavailable("The scheduler of this server is not running (starting or stopping)", null));
    }

    private static SchedulerUnavailableException unavailable(String message, Throwable cause) {
        return new SchedulerUnavailableException(message, cause);
    }

    static String fingerprint(ScheduleDefinition definition, ValidatedInput input) {
        return RequestFingerprint.of(
                definition.type(),
                definition.cron().trim(),
                definition.timeZone(),
                definition.misfirePolicy().value(),
                input.normalizedJson());
    }
}
