package io.quiesce.jobs.quartz;

import java.util.Map;
import java.util.function.Supplier;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * A plain object, not a CDI bean, on purpose: a JobFactory that was a bean failed once the CDI container had shut down,
 * the job was never marked complete, was recovered elsewhere and ran twice.
 */
public final class JobRegistry implements JobFactory {

    private final Map<Class<? extends Job>, Supplier<? extends Job>> jobs;

    public JobRegistry(Map<Class<? extends Job>, Supplier<? extends Job>> jobs) {
        this.jobs = Map.copyOf(jobs);
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        Supplier<? extends Job> supplier = jobs.get(type);
        if (supplier == null) {
            throw new SchedulerException(
                    "No job of class " + type.getName() + " is registered in this application (a job "
                            + "stored by another version?); registered: " + jobs.keySet());
        }
        return supplier.get();
    }
}
