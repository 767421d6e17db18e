package io.quiesce.lifecycle.async;

import static io.quiesce.lifecycle.telemetry.TelemetryNames.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.http.RequestThreads;
import io.quiesce.lifecycle.kernel.LifecycleKernel;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.telemetry.ApplicationOpenTelemetry;
import io.quiesce.lifecycle.time.TimeSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;

/**
 * The application's own asynchronous work as a participant: tasks given to an injected {@code ManagedExecutorService}
 * and calls of {@code @Asynchronous} methods. From the shutdown signal on, new work is refused with an exception that
 * says so (never dropped), except from requests the drain is still serving; after the HTTP drain the tasks still queued
 * or running get the participant's budget to finish, because Liberty's own stop would drop the queued ones and
 * interrupt the rest. No code beyond the standard APIs: the executor is this bean's product, and two interceptors
 * around Liberty's own count the asynchronous methods.
 */
@ApplicationScoped
public class AsyncTasks implements LifecycleParticipant {

    public static final String NAME = "async";

    private final TaskTracker tracker = new TaskTracker(RequestThreads::serving);
    private final AsyncConfig settings;
    private final LifecycleKernel kernel;
    private final BeanManager beans;
    private final EventLog log;
    private volatile ManagedExecutorService executor;
    private volatile TaskTracker.Counts atSignal;
    private final List<AutoCloseable> meters = new CopyOnWriteArrayList<>();

    @Inject
    public AsyncTasks(Config config, LifecycleKernel kernel, BeanManager beans, EventLog log) {
        this.settings = AsyncConfig.read(name -> config.getOptionalValue(name, String.class));
        this.kernel = kernel;
        this.beans = beans;
        this.log = log;
    }

    /** For the CDI proxy. */
    protected AsyncTasks() {
        settings = null;
        kernel = null;
        beans = null;
        log = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration budget() {
        return settings.shutdownBudget();
    }

    /** On the application's thread: the executor's JNDI name resolves only where the application's namespace is. */
    @Override
    public void start(Runnable started) {
        managedExecutor();
        registerMeters(ApplicationOpenTelemetry.resolve(beans).getMeter(SCOPE));
        log.info(
                "async.started",
                EventLog.fields("executor", settings.executor(), "shutdown_budget", settings.shutdownBudget()));
        started.run();
    }

    @Override
    public void stopIntake() {
        atSignal = tracker.counts();
        tracker.stopIntake(kernel.status().reason());
        log.info(
                "async.intake_stopped",
                EventLog.fields("tasks_queued", tracker.queued(), "tasks_running", tracker.running()));
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        TaskTracker.Counts since = atSignal != null ? atSignal : tracker.counts();
        // Returns before the kernel abandons the phase, so that the report is this method's.
        Duration reserve = timeLeft.dividedBy(10).compareTo(Duration.ofMillis(100)) < 0
                ? timeLeft.dividedBy(10)
                : Duration.ofMillis(100);
        Map<String, Long> report = tracker.drain(
                TimeSource.system(), timeLeft.minus(reserve), kernel.status().reason(), since);
        log.info("async.stopped", report);
        return report;
    }

    /** {@code @Inject ManagedExecutorService} anywhere in the application gets this one. */
    @Produces
    @Typed(ManagedExecutorService.class)
    ManagedExecutorService managedExecutor() {
        ManagedExecutorService governed = executor;
        if (governed == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = new GovernedExecutor(lookup(settings.executor()), tracker);
                }
                governed = executor;
            }
        }
        return governed;
    }

    /** For the interceptors. */
    public TaskTracker tracker() {
        return tracker;
    }

    /** An undeploy must not leave the meters' callbacks pointing at this application. */
    @PreDestroy
    void close() {
        meters.forEach(meter -> {
            try {
                meter.close();
            } catch (Exception e) {
                log.warn("async.meter_close_failed", EventLog.fields("error", EventLog.describe(e)));
            }
        });
    }

    private static ManagedExecutorService lookup(String name) {
        Object found;
        try {
            found = InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw ConfigException.invalid(
                    AsyncConfig.EXECUTOR, name, AsyncConfig.EXECUTOR_ALLOWED + " (the lookup failed: " + e + ")");
        }
        if (found instanceof ManagedExecutorService managed) {
            return managed;
        }
        throw ConfigException.invalid(
                AsyncConfig.EXECUTOR,
                name,
                AsyncConfig.EXECUTOR_ALLOWED + " (it names a "
                        + found.getClass().getName() + ")");
    }

    private void registerMeters(Meter meter) {
        Attributes queued = Attributes.of(STATE, "queued");
        Attributes running = Attributes.of(STATE, "running");
        meters.add(meter.upDownCounterBuilder(METRIC_ASYNC_TASKS)
                .setUnit(UNIT_TASK)
                .setDescription("The application's asynchronous tasks queued or running now, by state.")
                .buildWithCallback(m -> {
                    m.record(tracker.queued(), queued);
                    m.record(tracker.running(), running);
                }));
        Map<String, Attributes> outcomes = Map.of(
                "completed", Attributes.of(OUTCOME, "completed"),
                "failed", Attributes.of(OUTCOME, "failed"),
                "refused", Attributes.of(OUTCOME, "refused"),
                "withdrawn", Attributes.of(OUTCOME, "withdrawn"),
                "abandoned", Attributes.of(OUTCOME, "abandoned"));
        meters.add(meter.counterBuilder(METRIC_ASYNC_TASKS_ENDED)
                .setUnit(UNIT_TASK)
                .setDescription("The application's asynchronous tasks that ended, by outcome: completed, failed,"
                        + " refused (submitted during the shutdown), withdrawn (never ran) or abandoned (still queued or"
                        + " running when the shutdown's budget ran out).")
                .buildWithCallback(m -> {
                    TaskTracker.Counts c = tracker.counts();
                    m.record(c.completed(), outcomes.get("completed"));
                    m.record(c.failed(), outcomes.get("failed"));
                    m.record(c.refused(), outcomes.get("refused"));
                    m.record(c.withdrawn(), outcomes.get("withdrawn"));
                    m.record(c.abandoned(), outcomes.get("abandoned"));
                }));
    }
}
