package io.quiesce.lifecycle.spi;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.shutdown.Deadline;
import io.quiesce.lifecycle.shutdown.TimeSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * What every participant that starts in the background shares: one start, retried until its prerequisite holds and an
 * attempt succeeds, which a shutdown cancels; one stop under a {@link Deadline}, whose report a second call gets again;
 * and the guarded close that {@code @PreDestroy} needs when no shutdown ran. The participant keeps its attempt and its
 * stop steps.
 */
public final class BackgroundStart {

    /** The participant's own stop steps, after its start attempts have ended or been abandoned. */
    @FunctionalInterface
    public interface Stop {
        Map<String, Long> run(Deadline deadline, boolean startEnded) throws InterruptedException;
    }

    private final String task;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration startStopWait;
    private final BooleanSupplier prerequisite;
    private final RetryLoop.Attempt attempt;
    private final EventLog log;
    private final TimeSource time;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile RetryLoop loop;
    private volatile Map<String, Long> report;

    /**
     * @param task          thread name and {@code task} of the retry log lines
     * @param startStopWait how long a stop waits for an attempt in progress to end
     * @param prerequisite  attempts are made only while this is true (e.g. the database is migrated)
     */
    public BackgroundStart(String task, Duration initialBackoff, Duration maxBackoff, Duration startStopWait,
                           BooleanSupplier prerequisite, RetryLoop.Attempt attempt, EventLog log, TimeSource time) {
        this.task = task;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.startStopWait = startStopWait;
        this.prerequisite = prerequisite;
        this.attempt = attempt;
        this.log = log;
        this.time = time;
    }

    /** @return false when the start already began or a stop came first */
    public synchronized boolean begin() {
        if (loop != null || stopped.get()) {
            return false;
        }
        loop = new RetryLoop(task, initialBackoff, maxBackoff, n -> prerequisite.getAsBoolean() && attempt.run(n), log);
        loop.start();
        return true;
    }

    /** No further attempts (an attempt in progress is interrupted); for {@code stopIntake}. */
    public void cancel() {
        RetryLoop l = loop;
        if (l != null) {
            l.cancel();
        }
    }

    public boolean isStopped() {
        return stopped.get();
    }

    public int attempts() {
        RetryLoop l = loop;
        return l == null ? 0 : l.attempts();
    }

    /** The first call ends the start attempts and runs {@code stop} within {@code timeLeft}; later calls get its report. */
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

    /** For {@code @PreDestroy}: stops within {@code budget} unless a stop ran; never throws. */
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
