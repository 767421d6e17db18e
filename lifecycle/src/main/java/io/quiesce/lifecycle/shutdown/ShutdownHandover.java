package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.log.EventLog;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Where the kernel's shutdown begins and how it hands over to Liberty's own stop; the first trigger wins.
 *
 * <ul>
 *   <li>SIGTERM: the sequence runs on its own thread (the signal thread must return), with the port open; then the JVM
 *       exits with the report's code. Liberty's shutdown hook quiesces (nothing is left in flight) and stops the
 *       application, whose {@code contextDestroyed} finds the shutdown done.
 *   <li>Application stop ({@code server stop}, undeploy): Liberty has already closed the port and quiesced, so the
 *       sequence runs without delay or drain on Liberty's thread, and Liberty's stop goes on.
 *   <li>An application stop while a SIGTERM shutdown runs ({@code server stop} mid-drain) waits for it, at most the
 *       deadline, so that participants are stopped before the application's classes go away.
 * </ul>
 */
public final class ShutdownHandover {

    private final Function<ShutdownTrigger, ShutdownReport> sequence;
    private final Executor shutdownThread;
    private final IntConsumer exit;
    private final Duration deadline;
    private final EventLog log;
    private final AtomicReference<ShutdownTrigger> first = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    public ShutdownHandover(
            Function<ShutdownTrigger, ShutdownReport> sequence,
            Executor shutdownThread,
            IntConsumer exit,
            Duration deadline,
            EventLog log) {
        this.sequence = sequence;
        this.shutdownThread = shutdownThread;
        this.exit = exit;
        this.deadline = deadline;
        this.log = log;
    }

    /** Called on the signal thread; returns at once. */
    public void onSigterm() {
        if (!win(ShutdownTrigger.SIGTERM)) {
            log.info(
                    "shutdown.signal_ignored",
                    EventLog.fields("trigger", ShutdownTrigger.SIGTERM, "reason", "shutdown already under way"));
            return;
        }
        shutdownThread.execute(() -> {
            ShutdownReport report = run(ShutdownTrigger.SIGTERM);
            log.info("shutdown.handover", EventLog.fields("to", "liberty", "exit_code", report.exitCode()));
            exit.accept(report.exitCode());
        });
    }

    /** Called from {@code contextDestroyed}: Liberty is stopping the application. */
    public void onApplicationStop() throws InterruptedException {
        if (win(ShutdownTrigger.APPLICATION_STOP)) {
            run(ShutdownTrigger.APPLICATION_STOP);
        } else if (!finished.await(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
            log.warn(
                    "shutdown.application_stop_not_awaited",
                    EventLog.fields("trigger", first.get(), "waited_ms", deadline.toMillis()));
        }
    }

    private boolean win(ShutdownTrigger trigger) {
        return first.compareAndSet(null, trigger);
    }

    private ShutdownReport run(ShutdownTrigger trigger) {
        try {
            return sequence.apply(trigger);
        } finally {
            finished.countDown();
        }
    }
}
