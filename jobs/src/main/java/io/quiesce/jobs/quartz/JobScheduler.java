package io.quiesce.jobs.quartz;

import io.quiesce.database.DatabaseMigration;
import io.quiesce.database.DatabaseSchema;
import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.maintenance.MaintenanceJobs;
import io.quiesce.jobs.telemetry.JobTelemetry;
import io.quiesce.lifecycle.background.BackgroundStart;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import io.quiesce.workflow.worker.WorkflowWorker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Joins the cluster only once the schema is current: Quartz starts happily without its tables and only logs errors. At
 * the first signal: standby and a cooperative interrupt of the jobs that support it. After the drain: wait until the
 * triggers this node had acquired are released (with {@code shutdown(true)} alone they stayed stuck until the node was
 * declared dead), then for the running jobs within the budget; jobs still running request recovery elsewhere. Every job
 * execution is a span (see {@link JobTelemetry}).
 */
@ApplicationScoped
public class JobScheduler implements LifecycleParticipant {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** The scheduler loop releases its acquired triggers as soon as standby wakes it; this bounds the wait for the proof. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(1);

    static final Duration POLL = Duration.ofMillis(20);
    static final Duration START_STOP_WAIT = Duration.ofMillis(200);
    public static final String NAME = "jobs";

    private final Object lock = new Object();
    private final JobOutcomes outcomes = new JobOutcomes();
    private final JobsConfig settings;
    private final DataSource jobsDataSource;
    private final ThreadFactory threads;
    private final JobRegistry jobs;
    private final JobTelemetry telemetry;
    private final EventLog log;
    private final BackgroundStart background;
    private Scheduler scheduler;
    private volatile boolean started;
    private volatile boolean intakeStopped;
    private volatile long interrupted;
    /** Jobs that had ended on this node when the shutdown signal came; the report counts the ones that ended after. */
    private volatile long endedAtSignal = -1;

    @Inject
    public JobScheduler(
            JobsConfig settings,
            @QuartzResource DataSource jobsDataSource,
            @QuartzResource ThreadFactory threads,
            DatabaseSchema schema,
            JobRegistry jobs,
            JobTelemetry telemetry,
            EventLog log) {
        this.settings = settings;
        this.jobsDataSource = jobsDataSource;
        this.threads = threads;
        this.jobs = jobs;
        this.telemetry = telemetry;
        this.log = log;
        this.background = new BackgroundStart(
                "quiesce-jobs-start",
                INITIAL_BACKOFF,
                MAX_BACKOFF,
                START_STOP_WAIT,
                schema::isCurrent,
                this::tryStart,
                log,
                TimeSource.system());
    }

    /** For the CDI proxy. */
    protected JobScheduler() {
        settings = null;
        jobsDataSource = null;
        threads = null;
        jobs = null;
        telemetry = null;
        log = null;
        background = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A schedule fire still running at shutdown starts its instance through the worker's Temporal connection. */
    @Override
    public Set<String> dependsOn() {
        return Set.of(DatabaseMigration.NAME, WorkflowWorker.NAME);
    }

    @Override
    public Duration budget() {
        return settings.shutdownBudget();
    }

    @Override
    public void start(Runnable started) {
        if (!background.begin(started)) {
            return;
        }
        JobsConfig s = settings;
        log.info(
                "jobs.scheduler_starting",
                EventLog.fields(
                        "scheduler",
                        s.schedulerName(),
                        "instance_id",
                        s.instanceId(),
                        "threads",
                        s.threadCount(),
                        "idle_wait",
                        s.idleWait(),
                        "checkin_interval",
                        s.checkinInterval(),
                        "misfire_threshold",
                        s.misfireThreshold()));
    }

    public JobsConfig settings() {
        return settings;
    }

    public Optional<Scheduler> scheduler() {
        synchronized (lock) {
            return started && !background.isStopped() ? Optional.ofNullable(scheduler) : Optional.empty();
        }
    }

    public String state() {
        if (background.isStopped()) {
            return "STOPPED";
        }
        if (!started) {
            return "STARTING";
        }
        return intakeStopped ? "STANDBY" : "STARTED";
    }

    @Override
    public void stopIntake() {
        intakeStopped = true;
        background.cancel();
        Scheduler s = currentScheduler();
        if (s == null) {
            return;
        }
        if (endedAtSignal < 0) {
            endedAtSignal = ended();
        }
        try {
            s.standby();
        } catch (SchedulerException e) {
            log.warn("jobs.standby_failed", EventLog.fields("error", EventLog.describe(e)));
        }
        interrupted = interruptCooperativeJobs(s);
        log.info(
                "jobs.intake_stopped",
                EventLog.fields(
                        "standby",
                        true,
                        "jobs_interrupted",
                        interrupted,
                        "jobs_running",
                        running(s).size()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        return background.stopOnce(timeLeft, (deadline, startEnded) -> stopScheduler(deadline));
    }

    /** For an undeploy, or when the kernel's fallback ran out: a scheduler of an application that is gone must not fire jobs. */
    @PreDestroy
    void close() {
        background.close(
                settings.shutdownBudget(),
                (deadline, startEnded) -> stopScheduler(deadline),
                "jobs.scheduler_close_failed");
    }

    private Map<String, Long> stopScheduler(Deadline deadline) throws InterruptedException {
        Scheduler s = currentScheduler();
        Map<String, Long> report = new LinkedHashMap<>();
        if (s == null) {
            report.put("started", 0L);
            return report;
        }
        if (!intakeStopped) {
            stopIntake();
        }
        long acquiredLeft = awaitAcquiredTriggersReleased(
                s, Deadline.startingNow(TimeSource.system(), deadline.grant(RELEASE_WAIT)));
        int runningAtStop = running(s).size();
        Duration reserve = Duration.ofMillis(Math.min(500, deadline.remaining().toMillis() / 5));
        while (!running(s).isEmpty() && deadline.remaining().compareTo(reserve) > 0) {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        List<JobExecutionContext> abandoned = running(s);
        abandoned.forEach(telemetry::abandoned);
        boolean shutDown = shutdown(s, deadline);
        report.put("jobs_interrupted", interrupted);
        report.put("jobs_running_at_stop", (long) runningAtStop);
        report.put("jobs_completed", ended() - endedAtSignal);
        report.put("jobs_abandoned", (long) abandoned.size());
        report.put("acquired_triggers_left", acquiredLeft);
        report.put("scheduler_shut_down", shutDown ? 1L : 0L);
        Map<String, Object> fields = new LinkedHashMap<>(report);
        fields.put(
                "abandoned",
                String.join(
                        ",",
                        abandoned.stream()
                                .map(c -> c.getJobDetail().getKey().toString())
                                .toList()));
        fields.put("duration_ms", deadline.elapsed().toMillis());
        log.info("jobs.scheduler_stopped", fields);
        return report;
    }

    private BackgroundStart.Attempted tryStart(int attempt) throws SchedulerException {
        long begin = System.nanoTime();
        JobsConfig s = settings;
        Scheduler created = ClusteredSchedulerFactory.create(s, jobsDataSource, threads);
        try {
            created.setJobFactory(jobs);
            created.getListenerManager().addJobListener(telemetry);
            created.getListenerManager().addJobListener(outcomes);
            MaintenanceJobs.register(created, s);
            synchronized (lock) {
                if (background.isStopped() || intakeStopped) {
                    created.shutdown(false);
                    return BackgroundStart.Attempted.GAVE_UP;
                }
                scheduler = created;
            }
            created.start();
        } catch (SchedulerException | RuntimeException e) {
            synchronized (lock) {
                scheduler = null;
            }
            created.shutdown(false);
            throw e;
        }
        started = true;
        log.info(
                "jobs.scheduler_started",
                EventLog.fields(
                        "attempt",
                        attempt,
                        "scheduler",
                        s.schedulerName(),
                        "instance_id",
                        s.instanceId(),
                        "duration_ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
        return BackgroundStart.Attempted.STARTED;
    }

    private long interruptCooperativeJobs(Scheduler s) {
        long count = 0;
        for (JobExecutionContext job : running(s)) {
            if (job.getJobInstance() instanceof InterruptableJob) {
                try {
                    telemetry.interrupting(job);
                    if (s.interrupt(job.getFireInstanceId())) {
                        telemetry.interrupted(job);
                        count++;
                    }
                } catch (SchedulerException e) {
                    log.warn(
                            "jobs.interrupt_failed",
                            EventLog.fields("job", job.getJobDetail().getKey(), "error", EventLog.describe(e)));
                }
            }
        }
        return count;
    }

    /** Triggers this node acquired but has not fired; in standby the scheduler loop hands them back at once. */
    private long awaitAcquiredTriggersReleased(Scheduler s, Deadline wait) throws InterruptedException {
        long left = acquiredTriggers(s);
        while (left > 0 && !wait.remaining().isZero()) {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            left = acquiredTriggers(s);
        }
        return left;
    }

    private long acquiredTriggers(Scheduler s) {
        try (Connection c = jobsDataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM qrtz_fired_triggers "
                        + "WHERE sched_name = ? AND instance_name = ? AND state = 'ACQUIRED'")) {
            q.setString(1, s.getSchedulerName());
            q.setString(2, s.getSchedulerInstanceId());
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException | SchedulerException e) {
            log.warn("jobs.acquired_triggers_unknown", EventLog.fields("error", EventLog.describe(e)));
            return -1;
        }
    }

    /** Quartz's shutdown joins its own threads without a timeout (a hung database would hang it): bounded here. */
    private boolean shutdown(Scheduler s, Deadline deadline) throws InterruptedException {
        Thread t = new Thread(
                () -> {
                    try {
                        s.shutdown(false);
                    } catch (SchedulerException | RuntimeException e) {
                        log.warn("jobs.shutdown_failed", EventLog.fields("error", EventLog.describe(e)));
                    }
                },
                "quiesce-jobs-shutdown");
        t.setDaemon(true);
        t.start();
        t.join(Math.max(1, deadline.remaining().toMillis()));
        return !t.isAlive();
    }

    private long ended() {
        return outcomes.completed() + outcomes.failed();
    }

    private static List<JobExecutionContext> running(Scheduler s) {
        try {
            return s.getCurrentlyExecutingJobs();
        } catch (SchedulerException e) {
            return List.of();
        }
    }

    private Scheduler currentScheduler() {
        synchronized (lock) {
            return scheduler;
        }
    }
}
