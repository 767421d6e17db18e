package io.quiesce.jobs.quartz;

import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

final class JobOutcomes extends JobListenerSupport {

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public String getName() {
        return "quiesce-job-outcomes";
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        (failure == null ? completed : failed).incrementAndGet();
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }
}
