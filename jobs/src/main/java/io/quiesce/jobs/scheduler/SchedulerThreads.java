package io.quiesce.jobs.scheduler;

import org.quartz.spi.ThreadExecutor;

import java.util.concurrent.ThreadFactory;

/**
 * Starts Quartz's own threads (the scheduler loop, the cluster check-in, the misfire handler) through the same
 * {@link ThreadFactory} as the job threads, so that none of them is a plain thread without the application's context.
 */
public final class SchedulerThreads implements ThreadExecutor {

    private final ThreadFactory threads;

    SchedulerThreads(ThreadFactory threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Thread quartzThread) {
        Thread thread = threads.newThread(quartzThread);
        thread.setName(quartzThread.getName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void initialize() {
    }
}
