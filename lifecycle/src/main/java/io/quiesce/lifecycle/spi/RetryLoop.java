package io.quiesce.lifecycle.spi;

import io.quiesce.lifecycle.log.EventLog;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a start-up step (migrate the database, start the worker) on its own daemon thread until it succeeds, waiting an
 * exponentially growing pause between attempts, so that the application starts at once even when the database or
 * Temporal comes up later, and a shutdown can stop the attempts at any moment.
 *
 * <p>A plain thread on purpose: threads from Liberty's ManagedThreadFactory do not run before the application has started,
 * which is exactly when this loop must already be trying.
 */
public final class RetryLoop {

    /**
     * One attempt: {@code true} when the work is done; {@code false} to try again quietly after the initial pause (a
     * precondition is not met yet); an exception is logged and retried after a pause that doubles up to the maximum.
     */
    @FunctionalInterface
    public interface Attempt {
        boolean run(int attempt) throws Exception;
    }

    private final String name;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Attempt attempt;
    private final EventLog log;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean succeeded;
    private volatile int attempts;

    /**
     * @param name thread name and the {@code task} field of the retry log lines
     */
    public RetryLoop(String name, Duration initialBackoff, Duration maxBackoff, Attempt attempt, EventLog log) {
        this.name = name;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.attempt = attempt;
        this.log = log;
    }

    /** Starts the attempts on a new daemon thread that carries the caller's context class loader (the application's). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread = t;
        t.start();
    }

    public boolean succeeded() {
        return succeeded;
    }

    /** Attempts made so far. */
    public int attempts() {
        return attempts;
    }

    public boolean isStopped() {
        return stopSignal.getCount() == 0;
    }

    /**
     * Stops further attempts and interrupts one in progress, then waits at most {@code wait} for the thread to end.
     *
     * @return whether the loop has ended
     */
    public boolean stop(Duration wait) throws InterruptedException {
        cancel();
        return thread == null || finished.await(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Stops further attempts and interrupts one in progress without waiting; nothing happens to a loop that has ended. */
    public void cancel() {
        stopSignal.countDown();
        Thread t = thread;
        if (t != null && finished.getCount() > 0) {
            t.interrupt();
        }
    }

    private void loop() {
        try {
            long backoff = initialBackoff.toMillis();
            for (int n = 1; !isStopped(); n++) {
                long started = System.nanoTime();
                attempts = n;
                long pause;
                try {
                    if (attempt.run(n)) {
                        succeeded = true;
                        return;
                    }
                    pause = initialBackoff.toMillis();
                } catch (Exception | LinkageError e) {
                    if (isStopped()) {
                        return;
                    }
                    Thread.interrupted();
                    log.warn("retry.attempt_failed", EventLog.fields("task", name, "attempt", n,
                            "duration_ms", (System.nanoTime() - started) / 1_000_000, "error", EventLog.describe(e),
                            "retry_in_ms", backoff));
                    pause = backoff;
                    backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                }
                if (stopSignal.await(pause, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }
}
