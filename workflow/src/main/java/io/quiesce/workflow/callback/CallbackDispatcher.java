package io.quiesce.workflow.callback;

import io.quiesce.database.DatabaseMigration;
import io.quiesce.database.DatabaseSchema;
import io.quiesce.lifecycle.async.AsyncTasks;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Delivers completion callbacks as the participant {@value #NAME}. One thread claims due deliveries (never more than
 * there are free sending slots, so this server holds only what it is sending) and hands each to the application's
 * managed executor, whose tasks the {@code async} participant drains. At the shutdown signal it stops claiming; at its
 * stop it lets the deliveries in flight finish within its budget and releases the rest to other servers at once. A
 * server that dies holding claims leaves them to expire after {@code quiesce.callbacks.lease}.
 */
@ApplicationScoped
public class CallbackDispatcher implements LifecycleParticipant {

    public static final String NAME = "callbacks";
    /** Kept back from the budget for releasing what is still in flight. */
    static final Duration RELEASE_RESERVE = Duration.ofMillis(300);

    private final CallbackConfig settings;
    private final CallbackStore store;
    private final CallbackSender sender;
    private final ManagedExecutorService executor;
    private final DatabaseSchema schema;
    private final EventLog log;
    private final CallbackMetrics metrics;
    private final Backoff backoff;
    private final String owner;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private final AtomicLong finished = new AtomicLong();
    private volatile boolean intakeStopped;
    private volatile long inFlightAtSignal = -1;
    private volatile long finishedAtSignal;
    private volatile Thread poller;
    private volatile boolean storeFailing;

    @Inject
    public CallbackDispatcher(
            CallbackConfig settings,
            WorkflowConfig workflow,
            DataSource dataSource,
            ManagedExecutorService executor,
            DatabaseSchema schema,
            WorkflowTelemetry telemetry,
            EventLog log) {
        this.settings = settings;
        this.store = new CallbackStore(dataSource);
        this.sender = settings.enabled() ? new CallbackSender(settings, Clock.systemUTC()) : null;
        this.executor = executor;
        this.schema = schema;
        this.log = log;
        this.metrics = new CallbackMetrics(telemetry.meter(), inFlight::size);
        this.backoff = new Backoff(settings.backoff(), settings.maxBackoff());
        // Unique per start: a restarted pod with the same name must not take its predecessor's claims for its own.
        this.owner =
                workflow.workerIdentity() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** For the CDI proxy. */
    protected CallbackDispatcher() {
        settings = null;
        store = null;
        sender = null;
        executor = null;
        schema = null;
        log = null;
        metrics = null;
        backoff = null;
        owner = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The executor is the async participant's; the rows live in the database. */
    @Override
    public Set<String> dependsOn() {
        return Set.of(AsyncTasks.NAME, DatabaseMigration.NAME);
    }

    @Override
    public Duration budget() {
        return settings.shutdownBudget();
    }

    @Override
    public void start(Runnable started) {
        if (!settings.enabled()) {
            log.warn(
                    "callbacks.disabled",
                    EventLog.fields(
                            "reason",
                            "no " + CallbackConfig.SECRET + " configured",
                            "effect",
                            "requests that ask for a callback are refused; this server delivers none"));
            started.run();
            return;
        }
        Thread thread = new Thread(this::poll, "quiesce-callbacks");
        thread.setDaemon(true);
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        poller = thread;
        thread.start();
        log.info(
                "callbacks.started",
                EventLog.fields(
                        "owner",
                        owner,
                        "allowed_hosts",
                        String.join(",", settings.allowedHosts()),
                        "max_concurrent",
                        settings.maxConcurrent(),
                        "max_attempts",
                        settings.maxAttempts(),
                        "lease",
                        settings.lease()));
        started.run();
    }

    public CallbackConfig settings() {
        return settings;
    }

    @Override
    public void stopIntake() {
        finishedAtSignal = finished.get();
        inFlightAtSignal = inFlight.size();
        intakeStopped = true;
        wakeUp();
        log.info("callbacks.intake_stopped", EventLog.fields("deliveries_in_flight", inFlight.size()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        Deadline deadline = Deadline.startingNow(TimeSource.system(), timeLeft);
        stopPolling(deadline.grant(Duration.ofMillis(200)));
        long atStop = inFlight.size();
        long atSignal = inFlightAtSignal < 0 ? atStop : inFlightAtSignal;
        long finishedBefore = inFlightAtSignal < 0 ? finished.get() : finishedAtSignal;
        Duration reserve =
                RELEASE_RESERVE.compareTo(timeLeft.dividedBy(3)) < 0 ? RELEASE_RESERVE : timeLeft.dividedBy(3);
        TimeSource.system().await(inFlight::isEmpty, deadline.remaining().minus(reserve));
        List<String> left = List.copyOf(inFlight.keySet());
        long released = 0;
        if (!left.isEmpty()) {
            try {
                released = store.release(owner, left);
            } catch (CallbackStorageException e) {
                log.warn(
                        "callbacks.release_failed",
                        EventLog.fields(
                                "deliveries", left.size(), "error", EventLog.describe(e), "effect", "claims expire"));
            }
        }
        Map<String, Long> report = new LinkedHashMap<>();
        report.put("deliveries_in_flight_at_signal", atSignal);
        report.put("deliveries_in_flight_at_stop", atStop);
        report.put("deliveries_finished", finished.get() - finishedBefore);
        report.put("deliveries_released", released);
        log.info("callbacks.stopped", report);
        return report;
    }

    /** Undeploy or a server stop without SIGTERM: no polling thread of an old application may stay behind. */
    @PreDestroy
    void close() {
        intakeStopped = true;
        try {
            stopPolling(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
    }

    private void stopPolling(Duration wait) throws InterruptedException {
        intakeStopped = true;
        Thread thread = poller;
        if (thread != null) {
            wakeUp();
            thread.join(Math.max(1, wait.toMillis()));
        }
    }

    private void poll() {
        while (!intakeStopped) {
            int free = settings.maxConcurrent() - inFlight.size();
            int claimed = 0;
            try {
                if (free > 0 && schema.isCurrent()) {
                    claimed = claimAndSubmit(free);
                }
            } catch (RuntimeException e) {
                log.warn("callbacks.poll_failed", EventLog.fields("error", EventLog.describe(e)));
            }
            // A full batch: more may be due at once.
            if (free == 0 || claimed < free) {
                synchronized (wake) {
                    if (intakeStopped) {
                        return;
                    }
                    try {
                        wake.wait(settings.pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private int claimAndSubmit(int free) {
        List<CallbackStore.Claim> claims;
        try {
            claims = store.claim(owner, free, settings.lease());
            if (storeFailing) {
                storeFailing = false;
                log.info("callbacks.claims_resumed", EventLog.fields());
            }
        } catch (CallbackStorageException e) {
            if (!storeFailing) {
                storeFailing = true;
                log.warn(
                        "callbacks.claim_failed",
                        EventLog.fields("error", EventLog.describe(e), "retry_every", settings.pollInterval()));
            }
            return 0;
        }
        for (CallbackStore.Claim claim : claims) {
            inFlight.put(claim.instanceId(), Boolean.TRUE);
            try {
                executor.execute(() -> deliver(claim));
            } catch (RejectedExecutionException e) {
                // The application is stopping: the claim goes back at once.
                inFlight.remove(claim.instanceId());
                store.release(owner, List.of(claim.instanceId()));
            }
        }
        return claims.size();
    }

    private void deliver(CallbackStore.Claim claim) {
        try {
            int attempt = store.beginAttempt(claim.instanceId(), owner);
            if (attempt == 0) {
                log.info("callbacks.claim_lost", EventLog.fields("instance", claim.instanceId()));
                return;
            }
            CallbackTarget target;
            try {
                target = CallbackTarget.parse(claim.url(), settings);
            } catch (InvalidCallbackException e) {
                record(claim, attempt, new CallbackSender.Outcome(false, "callback.url " + e.getMessage()), true, 0);
                return;
            }
            long started = System.nanoTime();
            CallbackSender.Outcome outcome = sender.send(target, claim.deliveryId(), CallbackPayload.of(claim));
            record(claim, attempt, outcome, false, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn(
                    "callbacks.delivery_interrupted",
                    EventLog.fields("instance", claim.instanceId(), "effect", "released or left to expire"));
        } catch (RuntimeException e) {
            log.warn(
                    "callbacks.delivery_error",
                    EventLog.fields(
                            "instance", claim.instanceId(), "error", EventLog.describe(e), "effect", "claim expires"));
        } finally {
            inFlight.remove(claim.instanceId());
            finished.incrementAndGet();
            wakeUp();
        }
    }

    private void record(
            CallbackStore.Claim claim, int attempt, CallbackSender.Outcome outcome, boolean permanent, long millis) {
        String result;
        boolean held;
        if (outcome.delivered()) {
            result = "delivered";
            held = store.delivered(claim.instanceId(), owner);
        } else if (permanent || attempt >= settings.maxAttempts()) {
            result = "failed";
            held = store.failed(claim.instanceId(), owner, outcome.error());
        } else {
            result = "retry";
            held = store.retryLater(
                    claim.instanceId(),
                    owner,
                    outcome.error(),
                    backoff.after(attempt, ThreadLocalRandom.current().nextDouble()));
        }
        metrics.attempt(result);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("instance", claim.instanceId());
        fields.put("delivery_id", claim.deliveryId());
        fields.put("attempt", attempt);
        fields.put("outcome", result);
        fields.put("duration_ms", millis);
        if (outcome.error() != null) {
            fields.put("error", outcome.error());
        }
        if (!held) {
            fields.put("recorded", "no: the claim had passed to another server");
        }
        if (outcome.delivered()) {
            log.info("callbacks.attempt", fields);
        } else {
            log.warn("callbacks.attempt", fields);
        }
    }

    private void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }
}
