package io.quiesce.workflow.worker;

import io.quiesce.database.DatabaseMigration;
import io.quiesce.database.DatabaseSchema;
import io.quiesce.lifecycle.background.BackgroundStart;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import io.quiesce.workflow.change.ChangeActivation;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceGauge;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.types.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The start is asynchronous and retried, each attempt with a new factory: a synchronous start deadlocked or failed the
 * whole application when Temporal was down, the SDK does not retry {@code start()}, and a factory whose start failed
 * cannot be shut down cleanly. The SDK's gRPC and worker threads stay its own: giving gRPC Liberty's managed executor
 * broke the {@code @PreDestroy} shutdown. Activities run on SDK threads, where {@code java:comp} lookups fail, so they
 * get the data source injected here. With telemetry on, the client and the factory carry the SDK's tracing
 * interceptors, so that a workflow's activities join the trace of the request or schedule fire that started it.
 */
@ApplicationScoped
public class WorkflowWorker implements LifecycleParticipant {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Kept back from the stop budget for closing the stubs after the drain. */
    static final Duration CLOSE_RESERVE = Duration.ofMillis(500);

    static final Duration START_STOP_WAIT = Duration.ofMillis(200);
    public static final String NAME = "workflow";

    private final ActivityTracker tracker = new ActivityTracker();
    private final Object lock = new Object();
    private final WorkflowConfig settings;
    private final WorkflowTypes types;
    private final EventLog log;
    private final BackgroundStart background;
    private final WorkflowTelemetry telemetry;
    private final WorkerMetrics metrics;
    private final InstanceGauge instances;
    private volatile Connection connection;
    private WorkerFactory factory;
    private volatile boolean polling;
    private volatile boolean intakeStopped;

    /**
     * The worker's client keeps the SDK's retries (its heartbeats and completions must outlast a stall); the API's, on the
     * same channel, gives up after rpc-timeout: the SDK's default held API requests ~65 s against a hung frontend.
     */
    private record Connection(
            WorkflowServiceStubs stubs, WorkflowClient worker, WorkflowServiceStubs apiStubs, WorkflowClient api) {}

    @Inject
    public WorkflowWorker(
            WorkflowConfig settings,
            InstanceStore store,
            WorkflowTypes types,
            DatabaseSchema schema,
            WorkflowTelemetry telemetry,
            EventLog log) {
        this.settings = settings;
        this.types = types;
        this.log = log;
        this.telemetry = telemetry;
        this.metrics = new WorkerMetrics(telemetry.meter(), tracker);
        this.instances = new InstanceGauge(telemetry.meter(), store, () -> intakeStopped, log);
        this.background = new BackgroundStart(
                "quiesce-workflow-start",
                INITIAL_BACKOFF,
                settings.startBackoff(),
                START_STOP_WAIT,
                schema::isCurrent,
                this::tryStart,
                log,
                TimeSource.system());
    }

    /** For the CDI proxy. */
    protected WorkflowWorker() {
        settings = null;
        types = null;
        log = null;
        background = null;
        telemetry = null;
        metrics = null;
        instances = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of(DatabaseMigration.NAME);
    }

    @Override
    public Duration budget() {
        return settings.shutdownBudget();
    }

    @Override
    public void start(Runnable started) {
        connection();
        if (!background.begin(started)) {
            return;
        }
        log.info(
                "workflow.worker_starting",
                EventLog.fields(
                        "target",
                        settings.target(),
                        "namespace",
                        settings.namespace(),
                        "task_queue",
                        settings.taskQueue(),
                        "identity",
                        settings.workerIdentity(),
                        "active_changes",
                        String.join(
                                ",",
                                ChangeActivation.of(settings.activatedChanges()).active()),
                        "traced",
                        telemetry.traced()));
    }

    public WorkflowClient client() {
        return connection().api();
    }

    public WorkflowConfig settings() {
        return settings;
    }

    @Override
    public void stopIntake() {
        intakeStopped = true;
        // Not polling yet: no point in starting now.
        background.cancel();
        WorkerFactory f = currentFactory();
        if (polling && f != null) {
            suspend(f);
        }
        log.info(
                "workflow.intake_stopped",
                EventLog.fields("polling_suspended", polling, "activities_in_flight", tracker.inFlight()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        return background.stopOnce(timeLeft, (deadline, startEnded) -> drainAndClose(deadline));
    }

    /** For a server stop without SIGTERM or an undeploy: a worker left polling after a redeploy runs old code. */
    @PreDestroy
    void close() {
        background.close(
                settings.shutdownBudget(),
                (deadline, startEnded) -> drainAndClose(deadline),
                "workflow.worker_close_failed");
        metrics.close();
        instances.close();
    }

    /** The factory's options; the replay gate replays with the same interceptors as the worker runs. */
    public static WorkerFactoryOptions factoryOptions(WorkflowTelemetry telemetry) {
        return factoryOptions(telemetry, new ActivityTracker());
    }

    private static WorkerFactoryOptions factoryOptions(WorkflowTelemetry telemetry, ActivityTracker tracker) {
        return WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(telemetry.workerInterceptors(tracker))
                .build();
    }

    private Map<String, Long> drainAndClose(Deadline deadline) {
        intakeStopped = true;
        WorkerFactory f = currentFactory();
        long inFlightAtStop = tracker.inFlight();
        long completedBefore = tracker.completed();
        long failedBefore = tracker.failed();
        boolean drained = drain(f, deadline);
        long drainMillis = deadline.elapsed().toMillis();
        boolean closed = closeStubs(deadline);
        Map<String, Long> report = new LinkedHashMap<>();
        report.put("activities_in_flight", inFlightAtStop);
        report.put("activities_completed", tracker.completed() - completedBefore);
        report.put("activities_failed", tracker.failed() - failedBefore);
        report.put("activities_abandoned", tracker.inFlight());
        report.put("drain_ms", drainMillis);
        report.put("drained", drained ? 1L : 0L);
        report.put("stubs_closed", closed ? 1L : 0L);
        metrics.drain(
                report.get("activities_completed"),
                report.get("activities_failed"),
                report.get("activities_abandoned"));
        log.info(
                "workflow.worker_stopped",
                EventLog.fields(
                        "activities_in_flight",
                        inFlightAtStop,
                        "activities_completed",
                        report.get("activities_completed"),
                        "activities_failed",
                        report.get("activities_failed"),
                        "activities_abandoned",
                        report.get("activities_abandoned"),
                        "drain_ms",
                        drainMillis,
                        "drained",
                        drained,
                        "stubs_closed",
                        closed,
                        "duration_ms",
                        deadline.elapsed().toMillis()));
        return report;
    }

    private BackgroundStart.Attempted tryStart(int attempt) {
        long started = System.nanoTime();
        WorkerFactory f = newFactory();
        synchronized (lock) {
            if (background.isStopped() || intakeStopped) {
                return BackgroundStart.Attempted.GAVE_UP;
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
        log.info(
                "workflow.worker_started",
                EventLog.fields(
                        "attempt",
                        attempt,
                        "duration_ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        "task_queue",
                        settings.taskQueue(),
                        "identity",
                        settings.workerIdentity()));
        return BackgroundStart.Attempted.STARTED;
    }

    private WorkerFactory newFactory() {
        WorkflowConfig s = settings;
        WorkerFactory f = WorkerFactory.newInstance(
                connection().worker(),
                WorkerFactoryOptions.newBuilder(factoryOptions(telemetry, tracker))
                        .setWorkflowCacheSize(s.workflowCacheSize())
                        .setMaxWorkflowThreadCount(2 * s.workflowCacheSize())
                        .build());
        Worker worker = f.newWorker(
                s.taskQueue(),
                WorkerOptions.newBuilder()
                        .setIdentity(s.workerIdentity())
                        // Another worker takes a workflow over at once when this one leaves, not after the sticky
                        // timeout
                        // (5 s on a real server; the test server never falls back).
                        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                        // In-flight activities may finish during shutdown and their results are accepted.
                        .setAllowActivityHeartbeatDuringShutdown(true)
                        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                        .setMaxConcurrentWorkflowTaskPollers(s.pollers())
                        .setMaxConcurrentActivityTaskPollers(s.pollers())
                        // Which version a run records at a getVersion call it reaches for the first time: changes
                        // not activated keep the old commands, which the previous release's workers can replay.
                        .setPreferredVersionProvider(ChangeActivation.of(s.activatedChanges()))
                        .setMaxConcurrentActivityExecutionSize(s.maxConcurrentActivities())
                        .setMaxConcurrentWorkflowTaskExecutionSize(s.maxConcurrentWorkflowTasks())
                        .setDefaultDeadlockDetectionTimeout(
                                s.deadlockDetectionTimeout().toMillis())
                        .build());
        types.registerAll(worker, s.workerIdentity(), s.codeVersion());
        return f;
    }

    private boolean drain(WorkerFactory f, Deadline deadline) {
        if (f == null) {
            return true;
        }
        try {
            f.shutdown();
        } catch (RuntimeException e) {
            log.warn("workflow.worker_shutdown_failed", EventLog.fields("error", EventLog.describe(e)));
        }
        long reserve = Math.min(CLOSE_RESERVE.toMillis(), millisLeft(deadline) / 5);
        f.awaitTermination(Math.max(0, millisLeft(deadline) - reserve), TimeUnit.MILLISECONDS);
        if (f.isTerminated()) {
            return true;
        }
        f.shutdownNow();
        f.awaitTermination(deadline.grant(Duration.ofMillis(200)).toMillis(), TimeUnit.MILLISECONDS);
        return false;
    }

    /** {@code awaitTermination} gets milliseconds: in 1.39.0 {@code awaitTermination(5, SECONDS)} waits ~5000 s. */
    private boolean closeStubs(Deadline deadline) {
        Connection c = connection;
        if (c == null) {
            return true;
        }
        c.apiStubs().shutdown();
        WorkflowServiceStubs s = c.stubs();
        s.shutdown();
        // Keep a reserve for shutdownNow: waiting the whole budget first overran it (5003 of 5000 ms, exit 1).
        long reserve = Math.min(CLOSE_RESERVE.toMillis(), millisLeft(deadline) / 5);
        if (s.awaitTermination(Math.max(0, millisLeft(deadline) - reserve), TimeUnit.MILLISECONDS)) {
            return true;
        }
        s.shutdownNow();
        return s.awaitTermination(deadline.grant(Duration.ofMillis(reserve)).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lazy: no connection is made here, so a Temporal that is down delays nothing at startup. */
    private Connection connection() {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        synchronized (lock) {
            if (connection == null) {
                WorkflowServiceStubs stubs =
                        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(settings.target())
                                .setRpcTimeout(settings.rpcTimeout())
                                .build());
                WorkflowClientOptions options = WorkflowClientOptions.newBuilder()
                        .setNamespace(settings.namespace())
                        .setIdentity(settings.workerIdentity())
                        .setInterceptors(telemetry.clientInterceptors())
                        .build();
                WorkflowServiceStubs apiStubs =
                        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                                .setChannel(stubs.getRawChannel())
                                .setRpcTimeout(settings.rpcTimeout())
                                .setRpcRetryOptions(RpcRetryOptions.newBuilder()
                                        .setExpiration(settings.rpcTimeout())
                                        .validateBuildWithDefaults())
                                .build());
                connection = new Connection(
                        stubs,
                        WorkflowClient.newInstance(stubs, options),
                        apiStubs,
                        WorkflowClient.newInstance(apiStubs, options));
            }
            return connection;
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
            log.warn("workflow.suspend_failed", EventLog.fields("error", EventLog.describe(e)));
        }
    }

    private void discard(WorkerFactory f) {
        try {
            f.shutdownNow();
        } catch (RuntimeException ignored) {
            // Known SDK behaviour for a factory that never started; nothing is left to release.
        }
    }

    private static long millisLeft(Deadline deadline) {
        return deadline.remaining().toMillis();
    }
}
