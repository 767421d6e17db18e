package io.quiesce.workflow.worker;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.ShutdownParticipant;
import io.quiesce.workflow.config.LogFormats;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.report.ReportActivitiesImpl;
import io.quiesce.workflow.report.ReportWorkflowImpl;
import io.quiesce.workflow.schema.DatabaseMigration;
import io.quiesce.workflow.support.RetryLoop;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The Temporal worker of this application and the owner of its connection (service stubs and client), as the kernel's
 * {@code workflow} shutdown participant.
 *
 * <p>Start: asynchronous, retried with backoff, after the database is migrated. A synchronous start in a startup observer
 * deadlocked or failed the whole application when Temporal was down, the SDK does not retry {@code start()}, and a factory
 * whose start failed cannot be shut down cleanly, so each attempt builds a new factory and a failed one is discarded.
 * {@link #isStarted()} (and so {@code /health/started}) is true once the worker polls.
 *
 * <p>Shutdown: at the first signal {@link #stopIntake()} suspends polling; after the HTTP drain {@link #stop(Duration)}
 * shuts the factory down and waits within the budget while in-flight activities finish (heartbeats stay allowed during
 * shutdown, so their results are accepted instead of being retried elsewhere), then closes the stubs. A guarded
 * {@code @PreDestroy} does the same when no shutdown ran (server stop, undeploy): a worker left running after a redeploy
 * becomes a zombie that runs old code. The SDK's gRPC and worker threads stay its own: giving gRPC Liberty's managed
 * executor broke the {@code @PreDestroy} shutdown.
 *
 * <p>Activities run on SDK threads, where {@code java:comp} lookups fail; they get the data source injected here once.
 */
@ApplicationScoped
public class WorkflowWorker implements ShutdownParticipant {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Kept back from the stop budget for closing the stubs after the drain. */
    static final Duration CLOSE_RESERVE = Duration.ofMillis(500);

    @Resource(lookup = "jdbc/quiesce")
    DataSource dataSource;

    @Inject
    Config config;

    @Inject
    DatabaseMigration migration;

    private final ActivityTracker tracker = new ActivityTracker();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Object lock = new Object();
    private volatile WorkflowConfig settings;
    private volatile EventLog log;
    private volatile BooleanSupplier prerequisite;
    private volatile WorkflowServiceStubs stubs;
    private volatile WorkflowClient client;
    private WorkerFactory factory;
    private volatile RetryLoop loop;
    private volatile boolean polling;
    private volatile boolean intakeStopped;
    private volatile Map<String, Long> stopReport;

    /** For CDI. */
    public WorkflowWorker() {
    }

    /**
     * For plain Java and tests.
     *
     * @param prerequisite the worker starts polling only once this is true (the database is migrated)
     */
    public WorkflowWorker(WorkflowConfig settings, DataSource dataSource, BooleanSupplier prerequisite, EventLog log) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.prerequisite = prerequisite;
        this.log = log;
    }

    @Override
    public String name() {
        return "workflow";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Duration budget() {
        return settings().shutdownBudget();
    }

    /** Validates the configuration (a bad value stops the application's start) and starts the worker in the background. */
    @Override
    public void start() {
        WorkflowConfig s = settings();
        synchronized (lock) {
            if (loop != null || stopped.get()) {
                return;
            }
            connection();
            loop = new RetryLoop("quiesce-workflow-start", INITIAL_BACKOFF, s.startBackoff(), this::tryStart, log());
        }
        log().info("workflow.worker_starting", EventLog.fields("target", s.target(), "namespace", s.namespace(),
                "task_queue", s.taskQueue(), "identity", s.workerIdentity()));
        loop.start();
    }

    @Override
    public boolean isStarted() {
        return polling;
    }

    /** The client of this application's Temporal connection, for starting and cancelling workflows. */
    public WorkflowClient client() {
        return connection();
    }

    public WorkflowConfig settings() {
        WorkflowConfig s = settings;
        if (s == null) {
            s = WorkflowConfig.read(name -> config.getOptionalValue(name, String.class));
            settings = s;
        }
        return s;
    }

    /** Activities executing on this worker right now. */
    public long activitiesInFlight() {
        return tracker.inFlight();
    }

    @Override
    public void stopIntake() {
        intakeStopped = true;
        RetryLoop starting = loop;
        if (starting != null) {
            // Not polling yet: no point in starting now.
            starting.cancel();
        }
        WorkerFactory f = currentFactory();
        if (polling && f != null) {
            suspend(f);
        }
        log().info("workflow.intake_stopped", EventLog.fields("polling_suspended", polling,
                "activities_in_flight", tracker.inFlight()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            Map<String, Long> previous = stopReport;
            return previous != null ? previous : Map.of();
        }
        long started = System.nanoTime();
        long deadline = started + timeLeft.toNanos();
        intakeStopped = true;
        RetryLoop starting = loop;
        if (starting != null) {
            starting.stop(Duration.ofMillis(Math.min(200, millisLeft(deadline))));
        }
        WorkerFactory f = currentFactory();
        long inFlightAtStop = tracker.inFlight();
        long completedBefore = tracker.completed();
        long failedBefore = tracker.failed();
        boolean drained = drain(f, deadline);
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        boolean closed = closeStubs(deadline);
        Map<String, Long> report = new LinkedHashMap<>();
        report.put("activities_in_flight", inFlightAtStop);
        report.put("activities_completed", tracker.completed() - completedBefore);
        report.put("activities_failed", tracker.failed() - failedBefore);
        report.put("activities_abandoned", tracker.inFlight());
        report.put("drain_ms", drainMillis);
        report.put("drained", drained ? 1L : 0L);
        report.put("stubs_closed", closed ? 1L : 0L);
        stopReport = report;
        log().info("workflow.worker_stopped", EventLog.fields("activities_in_flight", inFlightAtStop,
                "activities_completed", report.get("activities_completed"), "activities_failed", report.get("activities_failed"),
                "activities_abandoned", report.get("activities_abandoned"), "drain_ms", drainMillis, "drained", drained,
                "stubs_closed", closed, "duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        return report;
    }

    /**
     * The last line of defence when the kernel's shutdown did not run (server stop without SIGTERM, undeploy): never
     * leave a worker polling behind an application that is gone. Idempotent and never throws.
     */
    @PreDestroy
    void close() {
        if (stopped.get()) {
            return;
        }
        try {
            stop(settings == null ? Duration.ofSeconds(5) : settings.shutdownBudget());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log().warn("workflow.worker_close_failed", EventLog.fields("error", RetryLoop.describe(e)));
        }
    }

    /** Start attempts made so far; for tests. */
    int startAttempts() {
        RetryLoop starting = loop;
        return starting == null ? 0 : starting.attempts();
    }

    /** Forced stop without drain, as a crash would: in-flight activities are interrupted. For tests. */
    void kill() {
        stopped.set(true);
        RetryLoop starting = loop;
        if (starting != null) {
            starting.cancel();
        }
        WorkerFactory f = currentFactory();
        if (f != null) {
            f.shutdownNow();
            f.awaitTermination(5000, TimeUnit.MILLISECONDS);
        }
        closeStubs(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
    }

    private boolean tryStart(int attempt) {
        if (!prerequisite().getAsBoolean()) {
            return false;
        }
        long started = System.nanoTime();
        WorkerFactory f = newFactory();
        synchronized (lock) {
            if (stopped.get() || intakeStopped) {
                return true;
            }
            factory = f;
        }
        try {
            f.start();
        } catch (RuntimeException e) {
            synchronized (lock) {
                factory = null;
            }
            discard(f);
            throw e;
        }
        polling = true;
        if (intakeStopped) {
            suspend(f);
        }
        log().info("workflow.worker_started", EventLog.fields("attempt", attempt,
                "duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                "task_queue", settings().taskQueue(), "identity", settings().workerIdentity()));
        return true;
    }

    private WorkerFactory newFactory() {
        WorkflowConfig s = settings();
        WorkerFactory f = WorkerFactory.newInstance(connection(), WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(tracker)
                .build());
        Worker worker = f.newWorker(s.taskQueue(), WorkerOptions.newBuilder()
                .setIdentity(s.workerIdentity())
                // Another worker takes a workflow over at once when this one leaves, not after the sticky timeout
                // (5 s on a real server; the test server never falls back).
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                // In-flight activities may finish during shutdown and their results are accepted.
                .setAllowActivityHeartbeatDuringShutdown(true)
                // Heartbeats (progress, cancellation) reach the server at least every second.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .setMaxConcurrentWorkflowTaskPollers(s.pollers())
                .setMaxConcurrentActivityTaskPollers(s.pollers())
                .build());
        worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ReportActivitiesImpl(new InstanceStore(dataSource), s.workerIdentity()));
        return f;
    }

    private boolean drain(WorkerFactory f, long deadline) {
        if (f == null) {
            return true;
        }
        try {
            f.shutdown();
        } catch (RuntimeException e) {
            log().warn("workflow.worker_shutdown_failed", EventLog.fields("error", RetryLoop.describe(e)));
        }
        long reserve = Math.min(CLOSE_RESERVE.toMillis(), millisLeft(deadline) / 5);
        f.awaitTermination(Math.max(0, millisLeft(deadline) - reserve), TimeUnit.MILLISECONDS);
        if (f.isTerminated()) {
            return true;
        }
        f.shutdownNow();
        f.awaitTermination(Math.min(200, millisLeft(deadline)), TimeUnit.MILLISECONDS);
        return false;
    }

    /** {@code awaitTermination} gets milliseconds: in 1.39.0 {@code awaitTermination(5, SECONDS)} waits ~5000 s. */
    private boolean closeStubs(long deadline) {
        WorkflowServiceStubs s = stubs;
        if (s == null) {
            return true;
        }
        s.shutdown();
        if (s.awaitTermination(Math.max(0, millisLeft(deadline)), TimeUnit.MILLISECONDS)) {
            return true;
        }
        s.shutdownNow();
        return s.awaitTermination(Math.min(100, Math.max(0, millisLeft(deadline))), TimeUnit.MILLISECONDS);
    }

    private WorkflowClient connection() {
        WorkflowClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (lock) {
            if (client == null) {
                WorkflowConfig s = settings();
                // Lazy: no connection is made here, so a Temporal that is down delays nothing at startup.
                stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(s.target())
                        .setRpcTimeout(s.rpcTimeout())
                        .build());
                client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                        .setNamespace(s.namespace())
                        .setIdentity(s.workerIdentity())
                        .build());
            }
            return client;
        }
    }

    private WorkerFactory currentFactory() {
        synchronized (lock) {
            return factory;
        }
    }

    private void suspend(WorkerFactory f) {
        try {
            f.suspendPolling();
        } catch (RuntimeException e) {
            log().warn("workflow.suspend_failed", EventLog.fields("error", RetryLoop.describe(e)));
        }
    }

    /** A factory whose start failed: its shutdown may throw, and nothing of it is in use. */
    private void discard(WorkerFactory f) {
        try {
            f.shutdownNow();
        } catch (RuntimeException ignored) {
            // Known SDK behaviour for a factory that never started; nothing is left to release.
        }
    }

    private BooleanSupplier prerequisite() {
        BooleanSupplier p = prerequisite;
        if (p == null) {
            DatabaseMigration m = migration;
            p = m == null ? () -> true : m::isStarted;
            prerequisite = p;
        }
        return p;
    }

    private EventLog log() {
        EventLog l = log;
        if (l == null) {
            l = EventLog.named("io.quiesce.workflow.worker", LogFormats.from(config));
            log = l;
        }
        return l;
    }

    private static long millisLeft(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
