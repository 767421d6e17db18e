package io.quiesce.jobs.schedule;

import io.quiesce.jobs.scheduler.JobScheduler;
import io.quiesce.workflow.instance.IdempotencyConflictException;
import io.quiesce.workflow.types.FieldError;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.quartz.impl.matchers.GroupMatcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Cron schedules whose fires start workflow instances, stored only in the clustered job store: a schedule is a durable
 * Quartz job (its type, input and settings in the job data) with one cron trigger, created, paused, resumed and deleted
 * in one Quartz transaction each, so there is no second copy to keep in step and nothing half-written on failure.
 */
@ApplicationScoped
public class ScheduleService {

    public static final String GROUP = "schedule";
    static final String TYPE = "type";
    static final String INPUT = "input";
    static final String CREATED_AT = "created-at";
    static final String MISFIRE = "misfire-policy";
    static final String FINGERPRINT = "fingerprint";
    static final String CRON = "cron";
    static final String TIME_ZONE = "time-zone";

    @Inject
    JobScheduler jobs;

    @Inject
    WorkflowTypes types;

    private volatile SchedulerSource source;

    /** Where the running scheduler comes from; lets plain-Java tests use their own. */
    @FunctionalInterface
    public interface SchedulerSource {
        Optional<Scheduler> get();
    }

    /** For CDI. */
    public ScheduleService() {
    }

    /** For plain Java and tests. */
    public ScheduleService(SchedulerSource source, WorkflowTypes types) {
        this.source = source;
        this.types = types;
    }

    /**
     * Creates a schedule, or replays the one an earlier request with the same idempotency key created.
     *
     * @throws io.quiesce.workflow.types.UnknownWorkflowTypeException unknown type
     * @throws io.quiesce.workflow.types.InvalidInputException        invalid input for the type
     * @throws InvalidScheduleException     invalid cron expression or time zone
     * @throws IdempotencyConflictException the key was used with a different request
     * @throws SchedulerUnavailableException the scheduler is not running or its store failed
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
        String id = idempotencyKey == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("schedule-idempotency:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        Scheduler scheduler = scheduler();
        JobDetail job = JobBuilder.newJob(ScheduleFireJob.class)
                .withIdentity(id, GROUP)
                .storeDurably()
                // A server that dies mid-fire leaves the fire to be re-run elsewhere; the instance id makes that harmless.
                .requestRecovery()
                .usingJobData(TYPE, definition.type())
                .usingJobData(INPUT, input.normalizedJson())
                .usingJobData(CREATED_AT, Instant.now().toString())
                .usingJobData(MISFIRE, definition.misfirePolicy().value())
                .usingJobData(FINGERPRINT, fingerprint)
                // Also kept here: Quartz deletes a trigger after its last fire, and the schedule still shows what it was.
                .usingJobData(CRON, cron.expression())
                .usingJobData(TIME_ZONE, cron.zone().getId())
                .build();
        CronScheduleBuilder when = CronScheduleBuilder.cronSchedule(cron.expression())
                .inTimeZone(cron.timeZone());
        when = switch (definition.misfirePolicy()) {
            case FIRE_ONCE -> when.withMisfireHandlingInstructionFireAndProceed();
            case SKIP -> when.withMisfireHandlingInstructionDoNothing();
            case CATCH_UP -> when.withMisfireHandlingInstructionIgnoreMisfires();
        };
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(id, GROUP).forJob(job).withSchedule(when).build();
        try {
            scheduler.scheduleJob(job, trigger);
            return new CreateOutcome(require(scheduler, id), false);
        } catch (ObjectAlreadyExistsException e) {
            ScheduleRecord existing = find(id).orElseThrow(() -> unavailable("Schedule " + id + " vanished while it was replayed", e));
            if (!fingerprint.equals(jobData(scheduler, id).getString(FINGERPRINT))) {
                throw new IdempotencyConflictException("schedule", id, "Idempotency key '" + idempotencyKey + "'");
            }
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
            return Optional.of(record(job, trigger instanceof CronTrigger cron ? cron : null,
                    trigger == null ? Trigger.TriggerState.NONE : scheduler.getTriggerState(trigger.getKey())));
        } catch (SchedulerException e) {
            throw unavailable("The job store could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * One page, oldest first.
     *
     * @throws InvalidScheduleException naming {@code cursor} when it is not one this service handed out
     */
    public SchedulePage list(int limit, String cursor) {
        Position after = cursor == null ? null : Position.decode(cursor);
        Scheduler scheduler = scheduler();
        List<ScheduleRecord> all = new ArrayList<>();
        try {
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                find(key.getName()).ifPresent(all::add);
            }
        } catch (SchedulerException e) {
            throw unavailable("The job store could not be read: " + e.getMessage(), e);
        }
        List<ScheduleRecord> sorted = all.stream()
                .sorted(Comparator.comparing(ScheduleRecord::createdAt).thenComparing(ScheduleRecord::id))
                .filter(s -> after == null || after.isBefore(s))
                .toList();
        if (sorted.size() <= limit) {
            return new SchedulePage(sorted, null);
        }
        List<ScheduleRecord> page = sorted.subList(0, limit);
        ScheduleRecord last = page.get(page.size() - 1);
        return new SchedulePage(page, new Position(last.createdAt(), last.id()).encode());
    }

    /** Stops firing (retries of earlier fires included); empty when there is no such schedule. Idempotent. */
    public Optional<ScheduleRecord> pause(String id) {
        return change(id, scheduler -> scheduler.pauseJob(JobKey.jobKey(id, GROUP)));
    }

    /** Fires again; fires missed while paused follow the schedule's misfire policy. Idempotent. */
    public Optional<ScheduleRecord> resume(String id) {
        return change(id, scheduler -> scheduler.resumeJob(JobKey.jobKey(id, GROUP)));
    }

    /** Deletes the schedule and its pending retries; instances it started are kept. False when there was none. */
    public boolean delete(String id) {
        try {
            return scheduler().deleteJob(JobKey.jobKey(id, GROUP));
        } catch (SchedulerException e) {
            throw unavailable("The job store did not delete the schedule: " + e.getMessage(), e);
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

    private static ScheduleRecord record(JobDetail job, CronTrigger trigger, Trigger.TriggerState state) {
        JobDataMap data = job.getJobDataMap();
        ScheduleState shown = switch (state) {
            case PAUSED -> ScheduleState.PAUSED;
            case ERROR -> ScheduleState.ERROR;
            case NONE, COMPLETE -> ScheduleState.ENDED;
            default -> ScheduleState.ACTIVE;
        };
        return new ScheduleRecord(job.getKey().getName(), data.getString(TYPE), data.getString(CRON),
                data.getString(TIME_ZONE), data.getString(INPUT),
                MisfirePolicy.parse(data.getString(MISFIRE)).orElse(MisfirePolicy.FIRE_ONCE), shown,
                Instant.parse(data.getString(CREATED_AT)),
                trigger == null || shown == ScheduleState.PAUSED || trigger.getNextFireTime() == null ? null
                        : trigger.getNextFireTime().toInstant(),
                trigger == null || trigger.getPreviousFireTime() == null ? null : trigger.getPreviousFireTime().toInstant());
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
        SchedulerSource s = source;
        Optional<Scheduler> running = s != null ? s.get() : jobs.scheduler();
        return running.orElseThrow(() -> unavailable("The scheduler of this server is not running (starting or stopping)", null));
    }

    private static SchedulerUnavailableException unavailable(String message, Throwable cause) {
        return new SchedulerUnavailableException(message, cause);
    }

    /** SHA-256 of the validated request, compared when an idempotency key is replayed. */
    static String fingerprint(ScheduleDefinition definition, ValidatedInput input) {
        String canonical = String.join("\n", definition.type(), definition.cron().trim(), definition.timeZone(),
                definition.misfirePolicy().value(), input.normalizedJson());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Keyset position of a page's last schedule, opaque to clients. */
    record Position(Instant createdAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                return new Position(Instant.parse(parts[0]), parts[1]);
            } catch (RuntimeException e) {
                throw new InvalidScheduleException(List.of(new FieldError("cursor", "must be a cursor returned by a previous page")));
            }
        }

        boolean isBefore(ScheduleRecord s) {
            int byTime = createdAt.compareTo(s.createdAt());
            return byTime < 0 || (byTime == 0 && id.compareTo(s.id()) < 0);
        }
    }
}
