package io.quiesce.lifecycle.kernel;

import io.opentelemetry.api.OpenTelemetry;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.LifecycleConfig;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.http.ListenerCheck;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.lifecycle.shutdown.BoundedRunner;
import io.quiesce.lifecycle.shutdown.LifecycleStatus;
import io.quiesce.lifecycle.shutdown.ParticipantOrder;
import io.quiesce.lifecycle.shutdown.ShutdownHandover;
import io.quiesce.lifecycle.shutdown.ShutdownSequence;
import io.quiesce.lifecycle.signal.SigtermInterceptor;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.telemetry.ApplicationOpenTelemetry;
import io.quiesce.lifecycle.telemetry.LifecycleMeters;
import io.quiesce.lifecycle.telemetry.ShutdownTrace;
import io.quiesce.lifecycle.telemetry.TelemetryConfig;
import io.quiesce.lifecycle.telemetry.TelemetryExport;
import io.quiesce.lifecycle.telemetry.TelemetryNames;
import io.quiesce.lifecycle.time.TimeSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.eclipse.microprofile.config.Config;

/**
 * Wires the kernel into one application; the lifecycle itself lives in plain classes ({@link ShutdownSequence} and
 * friends) so that it is testable without a server.
 */
@ApplicationScoped
public class LifecycleKernel {

    private final LifecycleStatus status = new LifecycleStatus();
    private final SigtermInterceptor sigterm = new SigtermInterceptor();

    @Inject
    Config config;

    @Inject
    @Any
    Instance<LifecycleParticipant> participantBeans;

    @Inject
    BeanManager beans;

    private volatile LifecycleConfig settings;
    private volatile EventLog log;
    private volatile List<LifecycleParticipant> participants = List.of();
    private volatile ShutdownHandover handover;
    private volatile StartupProgress startup;
    private volatile ListenerCheck listenerCheck;

    void start(InFlightTracker http, ClassLoader applicationLoader) {
        TelemetryConfig telemetryConfig;
        try {
            settings = LifecycleConfig.read(name -> config.getOptionalValue(name, String.class));
            telemetryConfig = TelemetryConfig.read(name -> config.getOptionalValue(name, String.class));
        } catch (ConfigException e) {
            EventLog.named("io.quiesce.lifecycle", LogFormat.TEXT)
                    .error(
                            "lifecycle.config_invalid",
                            EventLog.fields("error", e.getMessage(), "action", "the application does not start"));
            throw e;
        }
        log = EventLog.named("io.quiesce.lifecycle", settings.logFormat());
        try {
            participants = ParticipantOrder.forStart(participantBeans.stream().toList());
        } catch (RuntimeException e) {
            // Participants read their configuration when CDI constructs them, i.e. here; CDI may wrap the exception.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConfigException invalid) {
                    log.error(
                            "lifecycle.config_invalid",
                            EventLog.fields("error", invalid.getMessage(), "action", "the application does not start"));
                    throw invalid;
                }
            }
            log.error(
                    "lifecycle.participants_invalid",
                    EventLog.fields("error", EventLog.describe(e), "action", "the application does not start"));
            throw e;
        }
        ShutdownSequence sequence = new ShutdownSequence(
                settings.shutdown(),
                participants,
                http,
                status,
                TimeSource.system(),
                new BoundedRunner(namedThread("quiesce-shutdown-task", true, applicationLoader), TimeSource.system()),
                log,
                telemetry(http, telemetryConfig));
        handover = new ShutdownHandover(
                sequence::run,
                namedThread("quiesce-shutdown", false, applicationLoader),
                System::exit,
                settings.shutdown().deadline(),
                log);
        startup = new StartupProgress(
                participants.stream().map(LifecycleParticipant::name).toList(), status, log);
        for (LifecycleParticipant participant : participants) {
            try {
                participant.start(() -> startup.started(participant.name()));
            } catch (ConfigException e) {
                log.error(
                        "lifecycle.config_invalid",
                        EventLog.fields(
                                "participant",
                                participant.name(),
                                "error",
                                e.getMessage(),
                                "action",
                                "the application does not start"));
                throw e;
            }
        }
        log.info(
                "lifecycle.starting",
                EventLog.fields(
                        "participants",
                        names(participants),
                        "grace_period",
                        settings.shutdown().gracePeriod(),
                        "deadline",
                        settings.shutdown().deadline(),
                        "delay",
                        settings.shutdown().delay(),
                        "drain_timeout",
                        settings.shutdown().drainTimeout()));
        installSigterm();
        startup.applicationStarted();
    }

    /**
     * Resolved here, on the application's thread, because Liberty finds the application's SDK from the thread's
     * metadata, which the shutdown thread does not have. With the SDK off this is the no-op instance and costs nothing.
     */
    private ShutdownTrace telemetry(InFlightTracker http, TelemetryConfig telemetryConfig) {
        OpenTelemetry openTelemetry = ApplicationOpenTelemetry.resolve(beans);
        LifecycleMeters.register(openTelemetry.getMeter(TelemetryNames.SCOPE), http, status::state);
        TelemetryExport export = TelemetryExport.of(openTelemetry);
        log.info(
                "lifecycle.telemetry",
                EventLog.fields("sdk_enabled", export.enabled(), "shutdown_budget", telemetryConfig.shutdownBudget()));
        return new ShutdownTrace(openTelemetry, export, telemetryConfig.shutdownBudget(), Clock.systemUTC());
    }

    /**
     * The start has failed and logged why; the exit runs on its own thread once the failure has reached Liberty, which
     * logs that the application was not started and then stops with the process.
     */
    void exitAfterFailedStart(RuntimeException failure, IntConsumer exit) {
        sigterm.restore();
        EventLog events = log != null ? log : EventLog.named("io.quiesce.lifecycle", LogFormat.TEXT);
        events.error(
                "lifecycle.start_failed",
                EventLog.fields("error", EventLog.describe(failure), "action", "the server exits with status 1"));
        Thread exiting = new Thread(() -> exit.accept(1), "quiesce-failed-start-exit");
        exiting.setDaemon(true);
        exiting.start();
    }

    /** After a successful start: the server exits when its HTTP port turns out to be another process's. */
    void checkListener(ListenerCheck check, String contextPath) {
        listenerCheck = check;
        check.startChecking(contextPath, ListenerCheck.libertyEndpoint(), log, System::exit);
    }

    /** Liberty has closed the port by the time {@code contextDestroyed} runs, so participants stop without a drain. */
    void applicationStopping() {
        sigterm.restore();
        ListenerCheck check = listenerCheck;
        if (check != null) {
            check.stop();
        }
        ShutdownHandover running = handover;
        if (running == null) {
            return;
        }
        try {
            running.onApplicationStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public LifecycleStatus.Snapshot status() {
        return status.snapshot();
    }

    public boolean startupComplete() {
        StartupProgress progress = startup;
        return progress != null && progress.complete();
    }

    public List<String> pendingParticipants() {
        StartupProgress progress = startup;
        return progress == null ? List.of() : progress.pending();
    }

    private void installSigterm() {
        Runnable onSigterm = () -> {
            // The port closes during the shutdown: that must not read as someone else's listener.
            ListenerCheck check = listenerCheck;
            if (check != null) {
                check.stop();
            }
            handover.onSigterm();
        };
        try {
            sigterm.install(onSigterm);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "lifecycle.sigterm_unavailable",
                    EventLog.fields(
                            "reason",
                            String.valueOf(e.getMessage()),
                            "fallback",
                            "participants stop after Liberty's quiesce; no pre-drain delay or HTTP drain"));
        }
    }

    /**
     * The shutdown gets a thread of its own (the signal thread must return), and each participant too, as a daemon, so
     * that an abandoned one can neither block the next nor the exit.
     */
    private static Executor namedThread(String name, boolean daemon, ClassLoader applicationLoader) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, daemon ? name + "-" + count.incrementAndGet() : name);
            thread.setDaemon(daemon);
            thread.setContextClassLoader(applicationLoader);
            thread.start();
        };
    }

    private static String names(List<LifecycleParticipant> participants) {
        return String.join(
                ",", participants.stream().map(LifecycleParticipant::name).toList());
    }
}
