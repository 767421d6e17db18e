package io.quiesce.jobs.scheduler;

import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.maintenance.MaintenanceJobs;
import io.quiesce.jobs.maintenance.PurgeStore;
import io.quiesce.jobs.maintenance.RetentionPurgeJob;
import io.quiesce.jobs.schedule.ScheduleFireJob;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.ShutdownParticipant;
import io.quiesce.workflow.config.LogFormats;
import io.quiesce.workflow.instance.InstanceService;
import io.quiesce.workflow.schema.DatabaseMigration;
import io.quiesce.workflow.support.RetryLoop;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * This server's node of the clustered Quartz scheduler, as the kernel's {@code jobs} shutdown participant.
 *
 * <p>Start: in the background once the database is migrated (Quartz starts happily without its tables and only logs
 * errors), retried with backoff; {@code /health/started} stays DOWN until the node has joined the cluster.
 *
 * <p>Shutdown, at the first signal ({@link #stopIntake()}): standby, so that this node acquires no new trigger while the
 * others keep firing, and a cooperative interrupt of the jobs that support it (they checkpoint at their next batch and
 * schedule their own resumption, which another node picks up within its idle wait). After the HTTP drain
 * ({@link #stop(Duration)}): wait until the triggers this node had acquired are released (with {@code shutdown(true)}
 * alone they stayed stuck until the node was declared dead), wait for the running jobs within the budget, then shut the
 * scheduler down on a bounded thread ({@code shutdown(true)} has no timeout of its own). Jobs still running then are
 * abandoned: they request recovery, so another node re-runs them once this one stops checking in.
 */
@ApplicationScoped
public class JobScheduler implements ShutdownParticipant {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** The scheduler loop releases its acquired triggers as soon as standby wakes it; this bounds the wait for the proof. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofMillis(20);

    @Resource(lookup = "jdbc/quiesce-jobs")
    DataSource jobsDataSource;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory managedThreads;

    @Inject
    Config config;

    @Inject
    DatabaseMigration migration;

    @Inject
    InstanceService instances;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Object lock = new Object();
    private final JobOutcomes outcomes = new JobOutcomes();
    private volatile JobsConfig settings;
    private volatile EventLog log;
    private volatile ThreadFactory threads;
    private volatile BooleanSupplier prerequisite;
    private volatile Map<Class<? extends Job>, Supplier<? extends Job>> jobs;
    private volatile RetryLoop loop;
    private Scheduler scheduler;
    private volatile boolean started;
    private volatile boolean intakeStopped;
    private volatile long interrupted;
    /** Jobs that had ended on this node when the shutdown signal came; the report counts the ones that ended after. */
    private volatile long endedAtSignal = -1;
    private volatile Map<String, Long> stopReport;

    /** For CDI. */
    public JobScheduler() {
    }

    /**
     * For plain Java and tests.
     *
     * @param prerequisite the node starts only once this is true (the database is migrated)
     */
    public JobScheduler(JobsConfig settings, DataSource jobsDataSource, ThreadFactory threads, BooleanSupplier prerequisite,
                        Map<Class<? extends Job>, Supplier<? extends Job>> jobs, EventLog log) {
        this.settings = settings;
        this.jobsDataSource = jobsDataSource;
        this.threads = threads;
        this.prerequisite = prerequisite;
        this.jobs = jobs;
        this.log = log;
    }

    @Override
    public String name() {
        return "jobs";
    }

    /** Before the workflow worker: a schedule fire still running at shutdown starts its instance through Temporal. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public Duration budget() {
        return settings().shutdownBudget();
    }

    /** Validates the configuration (a bad value stops the application's start) and joins the cluster in the background. */
    @Override
    public void start() {
        JobsConfig s = settings();
        synchronized (lock) {
            if (loop != null || stopped.get()) {
                return;
            }
            loop = new RetryLoop("quiesce-jobs-start", INITIAL_BACKOFF, MAX_BACKOFF, this::tryStart, log());
        }
        log().info("jobs.scheduler_starting", EventLog.fields("scheduler", s.schedulerName(), "instance_id", s.instanceId(),
                "threads", s.threadCount(), "idle_wait", s.idleWait(), "checkin_interval", s.checkinInterval(),
                "misfire_threshold", s.misfireThreshold()));
        loop.start();
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    public JobsConfig settings() {
        JobsConfig s = settings;
        if (s == null) {
            s = JobsConfig.read(name -> config.getOptionalValue(name, String.class));
            settings = s;
        }
        return s;
    }

    /** The running scheduler, empty while this node starts or after it stopped. */
    public Optional<Scheduler> scheduler() {
        synchronized (lock) {
            return started && !stopped.get() ? Optional.ofNullable(scheduler) : Optional.empty();
        }
    }

    /** One word for health data: STARTING, STARTED, STANDBY or STOPPED. */
    public String state() {
        if (stopped.get()) {
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
        RetryLoop starting = loop;
        if (starting != null) {
            starting.cancel();
        }
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
            log().warn("jobs.standby_failed", EventLog.fields("error", RetryLoop.describe(e)));
        }
        interrupted = interruptCooperativeJobs(s);
        log().info("jobs.intake_stopped", EventLog.fields("standby", true, "jobs_interrupted", interrupted,
                "jobs_running", running(s).size()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            Map<String, Long> previous = stopReport;
            return previous != null ? previous : Map.of();
        }
        long begin = System.nanoTime();
        long deadline = begin + timeLeft.toNanos();
        RetryLoop starting = loop;
        if (starting != null) {
            starting.stop(Duration.ofMillis(Math.min(200, millisLeft(deadline))));
        }
        Scheduler s = currentScheduler();
        Map<String, Long> report = new LinkedHashMap<>();
        if (s == null) {
            report.put("started", 0L);
            stopReport = report;
            return report;
        }
        if (!intakeStopped) {
            stopIntake();
        }
        long acquiredLeft = awaitAcquiredTriggersReleased(s, Math.min(deadline, System.nanoTime() + RELEASE_WAIT.toNanos()));
        int runningAtStop = running(s).size();
        long reserve = Math.min(TimeUnit.MILLISECONDS.toNanos(500), (deadline - System.nanoTime()) / 5);
        while (!running(s).isEmpty() && System.nanoTime() < deadline - reserve) {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        List<JobExecutionContext> abandoned = running(s);
        boolean shutDown = shutdown(s, deadline);
        report.put("jobs_interrupted", interrupted);
        report.put("jobs_running_at_stop", (long) runningAtStop);
        report.put("jobs_completed", ended() - endedAtSignal);
        report.put("jobs_abandoned", (long) abandoned.size());
        report.put("acquired_triggers_left", acquiredLeft);
        report.put("scheduler_shut_down", shutDown ? 1L : 0L);
        stopReport = report;
        Map<String, Object> fields = new LinkedHashMap<>(report);
        fields.put("abandoned", String.join(",", abandoned.stream().map(c -> c.getJobDetail().getKey().toString()).toList()));
        fields.put("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        log().info("jobs.scheduler_stopped", fields);
        return report;
    }

    /**
     * The last line of defence when the kernel's shutdown did not run (undeploy, or the kernel's fallback ran out): never
     * leave a scheduler of an application that is gone firing jobs. Idempotent, bounded and never throws.
     */
    @PreDestroy
    void close() {
        if (stopped.get()) {
            return;
        }
        try {
            stop(settings == null ? Duration.ofSeconds(3) : settings.shutdownBudget());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log().warn("jobs.scheduler_close_failed", EventLog.fields("error", RetryLoop.describe(e)));
        }
    }

    private boolean tryStart(int attempt) throws SchedulerException {
        if (!prerequisite().getAsBoolean()) {
            return false;
        }
        long begin = System.nanoTime();
        JobsConfig s = settings();
        Scheduler created = ClusteredSchedulerFactory.create(s, jobsDataSource, threads());
        try {
            created.setJobFactory(new JobRegistry(jobs()));
            created.getListenerManager().addJobListener(outcomes);
            MaintenanceJobs.register(created, s);
            synchronized (lock) {
                if (stopped.get() || intakeStopped) {
                    created.shutdown(false);
                    return true;
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
        log().info("jobs.scheduler_started", EventLog.fields("attempt", attempt, "scheduler", s.schedulerName(),
                "instance_id", s.instanceId(), "duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
        return true;
    }

    private long interruptCooperativeJobs(Scheduler s) {
        long count = 0;
        for (JobExecutionContext job : running(s)) {
            if (job.getJobInstance() instanceof InterruptableJob) {
                try {
                    if (s.interrupt(job.getFireInstanceId())) {
                        count++;
                    }
                } catch (SchedulerException e) {
                    log().warn("jobs.interrupt_failed", EventLog.fields("job", job.getJobDetail().getKey(),
                            "error", RetryLoop.describe(e)));
                }
            }
        }
        return count;
    }

    /** Triggers this node acquired but has not fired; in standby the scheduler loop hands them back at once. */
    private long awaitAcquiredTriggersReleased(Scheduler s, long until) throws InterruptedException {
        long left = acquiredTriggers(s);
        while (left > 0 && System.nanoTime() < until) {
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
            log().warn("jobs.acquired_triggers_unknown", EventLog.fields("error", RetryLoop.describe(e)));
            return -1;
        }
    }

    /** Quartz's shutdown joins its own threads without a timeout (a hung database would hang it): bounded here. */
    private boolean shutdown(Scheduler s, long deadline) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                s.shutdown(false);
            } catch (SchedulerException | RuntimeException e) {
                log().warn("jobs.shutdown_failed", EventLog.fields("error", RetryLoop.describe(e)));
            }
        }, "quiesce-jobs-shutdown");
        t.setDaemon(true);
        t.start();
        t.join(Math.max(1, millisLeft(deadline)));
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

    private Map<Class<? extends Job>, Supplier<? extends Job>> jobs() {
        Map<Class<? extends Job>, Supplier<? extends Job>> j = jobs;
        if (j == null) {
            JobsConfig s = settings();
            PurgeStore store = new PurgeStore(jobsDataSource);
            EventLog fireLog = EventLog.named("io.quiesce.jobs.schedule", LogFormats.from(config));
            EventLog purgeLog = EventLog.named("io.quiesce.jobs.maintenance", LogFormats.from(config));
            j = Map.of(ScheduleFireJob.class, () -> new ScheduleFireJob(instances, fireLog),
                    RetentionPurgeJob.class, () -> new RetentionPurgeJob(store, s, purgeLog));
            jobs = j;
        }
        return j;
    }

    private ThreadFactory threads() {
        ThreadFactory t = threads;
        return t != null ? t : managedThreads;
    }

    private BooleanSupplier prerequisite() {
        BooleanSupplier p = prerequisite;
        return p != null ? p : migration::isStarted;
    }

    private EventLog log() {
        EventLog l = log;
        if (l == null) {
            l = EventLog.named("io.quiesce.jobs.scheduler", LogFormats.from(config));
            log = l;
        }
        return l;
    }

    private static long millisLeft(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
