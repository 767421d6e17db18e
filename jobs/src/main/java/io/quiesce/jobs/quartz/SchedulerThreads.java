package io.quiesce.jobs.quartz;

import java.util.concurrent.ThreadFactory;
import org.quartz.spi.ThreadExecutor;

/** Quartz's own threads too, so that none of them is a plain thread without the application's context. */
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
    public void initialize() {}
}
