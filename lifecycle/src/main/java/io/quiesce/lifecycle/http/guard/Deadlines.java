package io.quiesce.lifecycle.http.guard;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread, started on the first request with a body and stopped with the application (a redeploy must not
 * leave it behind), that ends the bodies that did not arrive in time.
 */
public final class Deadlines implements AutoCloseable {

    private ScheduledThreadPoolExecutor timer;
    private boolean closed;

    synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        if (closed) {
            throw new IllegalStateException("the application has stopped");
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "quiesce-http-deadlines");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer.schedule(task, delay, unit);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
