package io.quiesce.lifecycle.background;

import io.quiesce.lifecycle.log.EventLog;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Retries a start-up step on its own thread, so that the application starts at once even when the database or Temporal
 * comes up later. A plain thread on purpose: Liberty's ManagedThreadFactory threads do not run before the application
 * has started, which is exactly when this loop must already be trying.
 */
public final class RetryLoop {

    /** {@code false}: retry quietly after the initial pause; an exception is logged and retried with a doubling pause. */
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

    public RetryLoop(String name, Duration initialBackoff, Duration maxBackoff, Attempt attempt, EventLog log) {
        this.name = name;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.attempt = attempt;
        this.log = log;
    }

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

    public boolean isStopped() {
        return stopSignal.getCount() == 0;
    }

    /** @return whether the loop ended within {@code wait} */
    public boolean stop(Duration wait) throws InterruptedException {
        cancel();
        return thread == null || finished.await(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

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
                    log.warn(
                            "retry.attempt_failed",
                            EventLog.fields(
                                    "task",
                                    name,
                                    "attempt",
                                    n,
                                    "duration_ms",
                                    (System.nanoTime() - started) / 1_000_000,
                                    "error",
                                    EventLog.describe(e),
                                    "retry_in_ms",
                                    backoff));
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
