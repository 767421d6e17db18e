package io.quiesce.lifecycle.background;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** The retried start, the one stop and the {@code @PreDestroy} close that every background-started participant shares. */
public final class BackgroundStart {

    /** What one start attempt achieved; an exception is logged and retried with a doubling pause. */
    public enum Attempted {
        /** Not yet: retry quietly after the initial pause. */
        RETRY,
        STARTED,
        /** The participant is stopping: no further attempt, and it never reports started. */
        GAVE_UP
    }

    @FunctionalInterface
    public interface Attempt {
        Attempted run(int attempt) throws Exception;
    }

    @FunctionalInterface
    public interface Stop {
        Map<String, Long> run(Deadline deadline, boolean startEnded) throws InterruptedException;
    }

    private final String task;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration startStopWait;
    private final BooleanSupplier prerequisite;
    private final Attempt attempt;
    private final EventLog log;
    private final TimeSource time;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile RetryLoop loop;
    private volatile Map<String, Long> report;

    public BackgroundStart(
            String task,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration startStopWait,
            BooleanSupplier prerequisite,
            Attempt attempt,
            EventLog log,
            TimeSource time) {
        this.task = task;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.startStopWait = startStopWait;
        this.prerequisite = prerequisite;
        this.attempt = attempt;
        this.log = log;
        this.time = time;
    }

    /** Starts the retried attempts; {@code started} runs once, after the attempt that started the participant. */
    public synchronized boolean begin(Runnable started) {
        if (loop != null || stopped.get()) {
            return false;
        }
        loop = new RetryLoop(
                task,
                initialBackoff,
                maxBackoff,
                n -> {
                    if (!prerequisite.getAsBoolean()) {
                        return false;
                    }
                    Attempted outcome = attempt.run(n);
                    if (outcome == Attempted.STARTED) {
                        started.run();
                    }
                    return outcome != Attempted.RETRY;
                },
                log);
        loop.start();
        return true;
    }

    public void cancel() {
        RetryLoop l = loop;
        if (l != null) {
            l.cancel();
        }
    }

    public boolean isStopped() {
        return stopped.get();
    }

    public Map<String, Long> stopOnce(Duration timeLeft, Stop stop) throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            Map<String, Long> previous = report;
            return previous != null ? previous : Map.of();
        }
        Deadline deadline = Deadline.startingNow(time, timeLeft);
        RetryLoop l = loop;
        boolean startEnded = l == null || l.stop(deadline.grant(startStopWait));
        Map<String, Long> r = stop.run(deadline, startEnded);
        report = r;
        return r;
    }

    public void close(Duration budget, Stop stop, String failureEvent) {
        if (stopped.get()) {
            return;
        }
        try {
            stopOnce(budget, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn(failureEvent, EventLog.fields("error", EventLog.describe(e)));
        }
    }
}
