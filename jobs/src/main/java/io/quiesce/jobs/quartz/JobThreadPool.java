package io.quiesce.jobs.quartz;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.spi.ThreadPool;

/**
 * Threads from Liberty's ManagedThreadFactory, so that jobs run with the application's context and keep working after a
 * database outage, which jobs on plain threads did not; {@link #blockForAvailableThreads()} keeps Quartz from acquiring
 * more triggers than it can run.
 */
public final class JobThreadPool implements ThreadPool {

    private final ThreadFactory threads;
    private final int size;
    private final Object lock = new Object();
    private final AtomicInteger sequence = new AtomicInteger();
    private int busy;
    private boolean shutdown;
    private String name = "quiesce";

    JobThreadPool(ThreadFactory threads, int size) {
        this.threads = threads;
        this.size = size;
    }

    @Override
    public boolean runInThread(Runnable job) {
        synchronized (lock) {
            if (!awaitFreeThread() || shutdown) {
                return false;
            }
            busy++;
        }
        try {
            Thread thread = threads.newThread(() -> {
                try {
                    job.run();
                } finally {
                    release();
                }
            });
            thread.setName(name + "-job-" + sequence.incrementAndGet());
            thread.start();
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        return true;
    }

    @Override
    public int blockForAvailableThreads() {
        synchronized (lock) {
            awaitFreeThread();
            return Math.max(0, size - busy);
        }
    }

    /** Holding the lock: waits until a thread is free or the pool shuts down; false when interrupted. */
    private boolean awaitFreeThread() {
        while (busy >= size && !shutdown) {
            try {
                lock.wait(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void initialize() {}

    /** Refuses new jobs; running ones are waited for by the jobs participant, within its budget, not here. */
    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
    }

    @Override
    public int getPoolSize() {
        return size;
    }

    @Override
    public void setInstanceId(String schedInstId) {}

    @Override
    public void setInstanceName(String schedName) {
        this.name = schedName;
    }

    private void release() {
        synchronized (lock) {
            busy--;
            lock.notifyAll();
        }
    }
}
